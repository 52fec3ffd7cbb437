"""`kendali telemetry import`: CSV and GeoJSON, all or nothing, problems named by row."""

import json

import pytest
from django.core.management import CommandError, call_command

from kendali.audit.models import AuditEntry
from kendali.telemetry.models import Camera, Rule, Sensor, Vehicle

SENSORS = """code,name,kind,latitude,longitude,agency,levels,category,report_level
tma-barat,TMA Barat,water_level,-6.93,107.57,dpu,Siaga 4:100;Siaga 3:150,banjir,2
ch-timur,Curah hujan Timur,rainfall,-6.93,107.62,,,,
"""


def test_sensors_from_csv_with_a_rule(world, tmp_path):
    sheet = tmp_path / "sensors.csv"
    sheet.write_text(SENSORS)
    call_command("telemetry", "import", "sensors", str(sheet), "--quiet")
    river = Sensor.objects.get(code="tma-barat")
    assert (river.unit, river.area.code, river.agency) == ("cm", "barat-selatan", world.agency_a)
    rule = Rule.objects.get(sensor=river)
    assert rule.levels[1] == {"name": "Siaga 3", "value": 150.0} and rule.category == world.flood
    assert AuditEntry.objects.filter(action="telemetry.import.sensors").exists()
    # Importing again updates instead of duplicating.
    sheet.write_text(SENSORS.replace("TMA Barat", "TMA Barat Hulu"))
    call_command("telemetry", "import", "sensors", str(sheet), "--quiet")
    assert Sensor.objects.get(code="tma-barat").name == "TMA Barat Hulu"
    assert Sensor.objects.count() == 2 and Rule.objects.count() == 1


def test_cameras_from_geojson(world, tmp_path):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [107.58, -6.93]},
                "properties": {
                    "code": "cctv-1",
                    "name": "Simpang Uji",
                    "snapshot_url": "http://10.0.0.5/snap.jpg",
                    "stream_url": "http://10.0.0.5/live.m3u8",
                },
            },
        ],
    }
    file = tmp_path / "cctv.geojson"
    file.write_text(json.dumps(collection))
    call_command("telemetry", "import", "cameras", str(file), "--quiet")
    camera = Camera.objects.get()
    assert (camera.latitude, camera.area.code, camera.stream_kind) == (
        -6.93,
        "barat-selatan",
        "hls",
    )


def test_nothing_is_imported_when_a_row_is_wrong(world, tmp_path, capsys):
    sheet = tmp_path / "vehicles.csv"
    sheet.write_text(
        "code,name,kind,agency,tracker_id\n"
        "damkar-1,Damkar 1,fire_truck,dpu,trk-1\n"
        "damkar-2,,helikopter,tidak-ada,\n"
        "damkar-1,Lagi,fire_truck,,\n"
    )
    with pytest.raises(CommandError, match="4 problem"):
        call_command("telemetry", "import", "vehicles", str(sheet), "--quiet")
    errors = capsys.readouterr().err
    assert "line 3: name is required" in errors and "line 3: unknown agency" in errors
    assert "line 4: code 'damkar-1' appears twice" in errors
    assert Vehicle.objects.count() == 0


def test_a_token_for_an_agency(world, capsys):
    call_command("telemetry", "token", "create", "gateway", "--agency", "dpu")
    assert capsys.readouterr().out.startswith("kdt_")
    with pytest.raises(CommandError):
        call_command("telemetry", "token", "create", "x", "--agency", "tidak-ada")


def test_a_rule_may_draft_warnings_from_one_of_its_levels(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    header = "code,name,kind,latitude,longitude,levels,category,report_level,warning_level\n"
    sheet.write_text(
        header + "tma-barat,TMA Barat,water_level,-6.93,107.57,A:100;B:150,banjir,1,2\n"
    )
    call_command("telemetry", "import", "sensors", str(sheet), "--quiet")
    assert Rule.objects.get(sensor__code="tma-barat").warning_level == 2
    sheet.write_text(
        header + "tma-barat,TMA Barat,water_level,-6.93,107.57,A:100;B:150,banjir,1,3\n"
    )
    with pytest.raises(CommandError, match="1 problem"):
        call_command("telemetry", "import", "sensors", str(sheet), "--quiet")
    assert "line 2: warning_level must be one of the rule's levels (1-2)" in capsys.readouterr().err
    assert Rule.objects.get(sensor__code="tma-barat").warning_level == 2
