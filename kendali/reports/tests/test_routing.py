from conftest import INSIDE_EAST, INSIDE_WEST
from kendali.reports.actions import suggest_agency


def test_the_category_default_agency_is_suggested(world, make_report):
    report = make_report()
    assert report.area.code == "barat-utara"
    assert report.suggested_agency == world.agency_a


def test_a_rule_for_the_kecamatan_covers_its_kelurahan(world, make_report):
    report = make_report(category="banjir", latitude=INSIDE_EAST[0], longitude=INSIDE_EAST[1])
    assert report.area.code == "timur-satu"
    assert report.suggested_agency.code == "bpbd"


def test_the_most_specific_rule_wins(world):
    from kendali.agencies.models import Agency
    from kendali.reports.models import RoutingRule

    upt = Agency.objects.create(code="upt", short_name="UPT", name="UPT Timur Satu")
    RoutingRule.objects.create(category=world.flood, area=world.east.children.get(), agency=upt)
    assert suggest_agency(world.flood, world.east.children.get()).code == "upt"
    assert suggest_agency(world.flood, world.east).code == "bpbd"


def test_an_inactive_agency_is_never_suggested(world, make_report):
    world.agency_a.is_active = False
    world.agency_a.save()
    report = make_report(latitude=INSIDE_WEST[0], longitude=INSIDE_WEST[1])
    assert report.suggested_agency is None


def test_without_an_area_the_default_still_applies(world):
    assert suggest_agency(world.rubbish, None) == world.agency_b
