import json

import pytest
from django.core.management import CommandError, call_command

from conftest import square
from kendali.cities.lookup import locate_area_id
from kendali.cities.models import Area, City


@pytest.fixture
def city(db):
    return City.objects.create(
        name="Kota", slug="kota", latitude=0.5, longitude=0.5, command_center_name="CC"
    )


def feature(code, name, geometry, **props):
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, **props},
        "geometry": geometry,
    }


def write(tmp_path, features):
    path = tmp_path / "areas.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    return path


def test_it_imports_kecamatan_and_kelurahan(city, tmp_path, capsys):
    path = write(
        tmp_path,
        [
            feature("k1", "Satu", square(0, 1, 0, 1)),
            feature("k1-a", "Satu A", square(0, 0.5, 0, 1), parent="k1"),
            feature(
                "k1-b", "Satu B", square(0.5, 1, 0, 1), level="kelurahan"
            ),  # placed by location
        ],
    )
    call_command("import_areas", str(path), "--quiet")
    assert Area.objects.get(code="k1-a").parent.code == "k1"
    assert Area.objects.get(code="k1-b").parent.code == "k1"
    assert "3 area(s) created" in capsys.readouterr().out
    assert Area.objects.get(pk=locate_area_id(0.5, 0.25)).code == "k1-a"


def test_importing_again_updates_by_code(city, tmp_path, capsys):
    call_command(
        "import_areas", str(write(tmp_path, [feature("k1", "Satu", square(0, 1, 0, 1))])), "--quiet"
    )
    call_command(
        "import_areas",
        str(write(tmp_path, [feature("k1", "Satu Baru", square(0, 2, 0, 2))])),
        "--quiet",
    )
    area = Area.objects.get(code="k1")
    assert area.name == "Satu Baru" and area.max_lon == 2
    assert "1 updated" in capsys.readouterr().out


def test_problems_are_numbered_by_feature_and_nothing_is_imported(city, tmp_path, capsys):
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    path = write(
        tmp_path,
        [
            feature("ok", "Baik", square(0, 1, 0, 1)),
            feature("", "Tanpa Kode", square(1, 2, 0, 1)),
            feature("bad", "Bersilang", bowtie),
            feature("ok", "Kembar", square(2, 3, 0, 1)),
            {
                "type": "Feature",
                "properties": {"code": "pt", "name": "Titik"},
                "geometry": {"type": "Point", "coordinates": [0, 0]},
            },
        ],
    )
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_areas", str(path), "--quiet")
    err = capsys.readouterr().err
    assert "feature 2 (Tanpa Kode): property 'code'" in err
    assert "feature 3 (Bersilang): geometry is not a valid polygon" in err
    assert "feature 4 (Kembar): code 'ok' repeats feature 1" in err
    assert "feature 5 (Titik): geometry must be a Polygon or MultiPolygon" in err
    assert Area.objects.count() == 0


def test_a_syntax_error_names_the_line(city, tmp_path, capsys):
    path = tmp_path / "broken.geojson"
    path.write_text(
        '{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature",,}\n ]}',
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_areas", str(path), "--quiet")
    assert "line 3" in capsys.readouterr().err


def test_a_kelurahan_outside_every_kecamatan_is_refused(city, tmp_path, capsys):
    path = write(
        tmp_path,
        [
            feature("k1", "Satu", square(0, 1, 0, 1)),
            feature("x", "Jauh", square(5, 6, 5, 6), level="kelurahan"),
        ],
    )
    with pytest.raises(CommandError):
        call_command("import_areas", str(path), "--quiet")
    assert "no kecamatan contains it" in capsys.readouterr().err
    assert Area.objects.count() == 0


def test_custom_property_names_for_official_boundary_files(city, tmp_path):
    path = tmp_path / "big.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"KDCPUM": "32.73.01", "WADMKC": "Sukasari"},
                        "geometry": square(0, 1, 0, 1),
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    call_command(
        "import_areas",
        str(path),
        "--code-field",
        "KDCPUM",
        "--name-field",
        "WADMKC",
        "--level",
        "kecamatan",
        "--quiet",
    )
    assert Area.objects.get(code="32.73.01").name == "Sukasari"


def test_a_missing_file_or_city_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no city yet"):
        call_command("import_areas", str(tmp_path / "x.geojson"))
    City.objects.create(name="K", slug="k", latitude=0, longitude=0, command_center_name="CC")
    with pytest.raises(CommandError):
        call_command("import_areas", str(tmp_path / "x.geojson"))


def test_the_demo_areas_file_is_valid(city):
    from kendali.cities.importer import read_features
    from kendali.demo.data import AREAS_FILE

    features = read_features(AREAS_FILE)
    assert sum(f.level == "kecamatan" for f in features) == 30
    assert sum(f.level == "kelurahan" for f in features) == 151
    assert all(f.approximate for f in features)


def test_json_nested_too_deep_is_a_clear_error(city, tmp_path, capsys):
    path = tmp_path / "deep.geojson"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_areas", str(path), "--quiet")
    assert "nested too deeply" in capsys.readouterr().err
