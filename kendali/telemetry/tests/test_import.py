"""`kendali telemetry import`: CSV and GeoJSON, all or nothing, problems named by row."""

import contextlib
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
        "damkar-1,Damkar 1,fire_truck,dpu,trk-1-7f3a9c2e51d0b8\n"
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


def run_import(kind, file, capsys):
    """Import and return (stdout, stderr); a refusal is a CommandError, never a traceback."""
    with contextlib.suppress(CommandError):
        call_command("telemetry", "import", kind, str(file), "--quiet")
    captured = capsys.readouterr()
    return captured.out, captured.err


RIVER = "code,name,kind,latitude,longitude,levels"
RIVER_ROW = "rv,River,water_level,-6.93,107.57"


def test_a_csv_that_is_not_utf8_is_refused_naming_the_line(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    sheet.write_bytes(
        b"code,name,kind,latitude,longitude\n"
        b"s1,Sensor,water_level,-6.93,107.57\n"
        b"s2,Sensor Pintu Air \xc9,water_level,-6.93,107.57\n"
    )
    _out, err = run_import("sensors", sheet, capsys)
    assert "line 3: the file is not UTF-8 text" in err
    assert Sensor.objects.count() == 0
    # A UTF-8 file with a byte-order mark (what spreadsheets save) is fine.
    sheet.write_bytes(
        b"\xef\xbb\xbfcode,name,kind,latitude,longitude\ns1,\xc3\x89,rainfall,-6.93,107.57\n"
    )
    run_import("sensors", sheet, capsys)
    assert Sensor.objects.get(code="s1").name == "\u00c9"


def test_a_nul_character_is_refused(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    sheet.write_text("code,name,kind,latitude,longitude\ns1,S\x00,rainfall,-6.93,107.57\n")
    _out, err = run_import("sensors", sheet, capsys)
    assert "line 2: a NUL character" in err
    file = tmp_path / "sensors.geojson"
    properties = {"code": "s1", "name": "S\x00", "kind": "rainfall"}
    point = {"type": "Point", "coordinates": [107.57, -6.93]}
    file.write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature(properties, point)]})
    )
    _out, err = run_import("sensors", file, capsys)
    assert "feature 1: property 'name' holds a NUL character" in err
    assert Sensor.objects.count() == 0


def feature(properties, geometry):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def test_geojson_features_of_the_wrong_shape_are_numbered(world, tmp_path, capsys):
    camera = {"code": "c1", "name": "Simpang", "snapshot_url": "http://10.0.0.5/snap.jpg"}
    point = {"type": "Point", "coordinates": [107.58, -6.93]}
    collection = {
        "type": "FeatureCollection",
        "features": [
            feature(camera, point),
            feature("abc", point),
            feature(camera | {"code": "c3"}, {"type": "Point", "coordinates": 5}),
            feature(camera | {"code": "c4"}, {"type": "LineString", "coordinates": [[1, 2]]}),
            "not a feature",
            feature(camera | {"code": "c6", "name": ["x"]}, point),
            feature(camera | {"code": "c7"}, {"type": "Point", "coordinates": [True, -6.9]}),
        ],
    }
    file = tmp_path / "cctv.geojson"
    file.write_text(json.dumps(collection))
    _out, err = run_import("cameras", file, capsys)
    assert "feature 2: properties must be an object" in err
    assert "feature 3: geometry must be a Point" in err
    assert "feature 4: geometry must be a Point" in err
    assert "feature 5: not a GeoJSON Feature object" in err
    assert "feature 6: property 'name' must be text or a number" in err
    assert "feature 7: geometry must be a Point" in err
    assert "feature 1" not in err
    assert Camera.objects.count() == 0


def test_a_file_that_is_not_a_feature_collection_is_refused(world, tmp_path, capsys):
    valid = feature(
        {"code": "c1", "name": "Simpang", "snapshot_url": "http://10.0.0.5/snap.jpg"},
        {"type": "Point", "coordinates": [107.58, -6.93]},
    )
    file = tmp_path / "cctv.geojson"
    for content in ([1, 2], "FeatureCollection", valid, {"features": [valid]}):
        file.write_text(json.dumps(content))
        _out, err = run_import("cameras", file, capsys)
        assert "expected a GeoJSON FeatureCollection" in err
    assert Camera.objects.count() == 0


def test_duration_must_fit_the_database(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    sheet.write_text(
        f"{RIVER},duration_seconds\n"
        f"{RIVER_ROW},A:100;B:150,1e30\n"
        f"rv-2,River 2,water_level,-6.93,107.57,A:100;B:150,-5\n"
        f"rv-3,River 3,water_level,-6.93,107.57,A:100;B:150,1.5\n"
    )
    _out, err = run_import("sensors", sheet, capsys)
    for line, raw in ((2, "1e30"), (3, "-5"), (4, "1.5")):
        assert f"line {line}: duration_seconds must be a whole number from 0 to " in err
        assert f"not '{raw}'" in err
    assert Sensor.objects.count() == 0 and Rule.objects.count() == 0


def test_a_tracker_belongs_to_one_vehicle(world, tmp_path, capsys):
    Vehicle.objects.create(
        code="amb-1", name="Ambulans 1", kind="ambulance", tracker_id="trk-9-51d0b87f3a9c2e"
    )
    sheet = tmp_path / "vehicles.csv"
    sheet.write_text(
        "code,name,kind,tracker_id\n"
        "bus-1,Bus 1,bus,trk-1-7f3a9c2e51d0b8\n"
        "bus-2,Bus 2,bus,trk-1-7f3a9c2e51d0b8\n"
        "bus-3,Bus 3,bus,trk-9-51d0b87f3a9c2e\n"
    )
    _out, err = run_import("vehicles", sheet, capsys)
    assert "line 3: tracker_id 'trk-1-7f3a9c2e51d0b8' appears twice (first on line 2)" in err
    assert "line 4: tracker_id 'trk-9-51d0b87f3a9c2e' already belongs to vehicle 'amb-1'" in err
    assert Vehicle.objects.count() == 1
    # The vehicle that has it keeps it.
    sheet.write_text(
        "code,name,kind,tracker_id\namb-1,Ambulans Satu,ambulance,trk-9-51d0b87f3a9c2e\n"
    )
    out, _err = run_import("vehicles", sheet, capsys)
    assert "1 updated" in out


def test_a_short_tracker_id_is_refused_because_it_is_the_secret(world, tmp_path, capsys):
    sheet = tmp_path / "vehicles.csv"
    sheet.write_text("code,name,kind,tracker_id\nbus-1,Bus 1,bus,demo-bus-1\n")
    _out, err = run_import("vehicles", sheet, capsys)
    assert "line 2: tracker_id must have at least 16 characters" in err
    assert "kendali telemetry tracker new" in err
    assert not Vehicle.objects.exists()


def test_a_vehicle_code_must_fit_the_model(world, tmp_path, capsys):
    sheet = tmp_path / "vehicles.csv"
    sheet.write_text(f"code,name,kind\n{'b' * 41},Bus,bus\nbus-2,Bus 2,bus\n")
    _out, err = run_import("vehicles", sheet, capsys)
    assert "line 2: code is required (40 letters" in err
    assert Vehicle.objects.count() == 0


def test_levels_must_rise_from_the_least_serious(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    sheet.write_text(
        f"{RIVER},hysteresis\n"
        f"{RIVER_ROW},Siaga 1:250;Siaga 4:100,\n"
        f"rv-2,River 2,water_level,-6.93,107.57,Siaga 4:100;Siaga 1:250;Siaga 3:150,-1\n"
    )
    _out, err = run_import("sensors", sheet, capsys)
    assert "line 2: levels: Order the levels from the least to the most serious." in err
    # Reported together with the row's other problems.
    assert "line 3: levels: Order the levels" in err and "line 3: hysteresis" in err
    assert Sensor.objects.count() == 0 and Rule.objects.count() == 0


def test_report_level_must_be_one_of_the_levels(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    sheet.write_text(
        f"{RIVER},report_level\n{RIVER_ROW},A:100;B:150,3\nrv-2,B,rainfall,-6.93,107.57,A:1,0\n"
    )
    _out, err = run_import("sensors", sheet, capsys)
    assert "line 2: report_level must be one of the rule's levels (1-2)" in err
    assert "line 3: report_level must be one of the rule's levels (1-1)" in err
    assert Rule.objects.count() == 0


def test_nonsense_numbers_are_refused(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    sheet.write_text(
        f"{RIVER},hysteresis,min_value,max_value\n"
        f"{RIVER_ROW},A:100;B:150,-3,,\n"
        f"rv-3,River 3,water_level,-6.93,107.57,;,,,\n"
        f"rv-4,River 4,water_level,-6.93,107.57,,,nan,inf\n"
        f"rv-5,River 5,water_level,inf,107.57,A:100;B:inf,,,\n"
        f"rv-6,River 6,water_level,-6.93,107.57,,,500,10\n"
        f"rv-7,River 7,water_level,-6.93,107.57,,,,-200\n"
    )
    _out, err = run_import("sensors", sheet, capsys)
    assert "line 2: hysteresis must be 0 or more" in err
    assert "line 3: levels must look like" in err
    assert "line 4: min_value must be a number, not 'nan'" in err
    assert "line 4: max_value must be a number, not 'inf'" in err
    assert "line 5: latitude must be a number, not 'inf'" in err
    assert "line 5: levels must look like" in err
    assert "line 6: min_value must be below max_value (the range would be 500 to 10)" in err
    # Only a maximum, below the kind's own minimum (water level: -100 cm).
    assert "line 7: min_value must be below max_value (the range would be -100 to -200)" in err
    assert Sensor.objects.count() == 0 and Rule.objects.count() == 0


def test_a_semicolon_csv_from_a_spreadsheet_is_read(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    sheet.write_text(
        "code;name;kind;latitude;longitude;levels\r\n"
        'tma-1;TMA 1;water_level;-6,93;107,57;"Siaga 4:100,5;Siaga 3:150"\r\n'
        ";;;;;\r\n"
    )
    out, err = run_import("sensors", sheet, capsys)
    assert "1 created" in out, err
    river = Sensor.objects.get(code="tma-1")
    assert (river.latitude, river.longitude, river.area.code) == (-6.93, 107.57, "barat-selatan")
    assert Rule.objects.get(sensor=river).levels[0] == {"name": "Siaga 4", "value": 100.5}


def test_a_csv_with_another_delimiter_says_so(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    sheet.write_text("code|name|kind|latitude|longitude\ns1|S|rainfall|-6.93|107.57\n")
    _out, err = run_import("sensors", sheet, capsys)
    assert "line 1: the header has no 'code' column" in err and "semicolons" in err
    sheet.write_text("")
    _out, err = run_import("sensors", sheet, capsys)
    assert "line 1: the file is empty" in err
    assert Sensor.objects.count() == 0


def test_a_sensor_outside_the_city_is_imported_with_a_warning(world, tmp_path, capsys):
    sheet = tmp_path / "sensors.csv"
    sheet.write_text(
        "code,name,kind,latitude,longitude\n"
        "tma-hulu,TMA Hulu,water_level,-6.2,106.8\n"
        "tma-kota,TMA Kota,water_level,-6.93,107.57\n"
    )
    out, _err = run_import("sensors", sheet, capsys)
    assert "line 2: warning: 'tma-hulu' is outside every area of the city" in out
    assert "di luar wilayah kota" in out and "line 3" not in out
    assert Sensor.objects.get(code="tma-hulu").area is None
    assert Sensor.objects.count() == 2


def test_a_row_the_database_refuses_leaves_nothing_behind(world, tmp_path, capsys, monkeypatch):
    from django.db import IntegrityError

    def refuse(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: telemetry_vehicle.tracker_id")

    sheet = tmp_path / "vehicles.csv"
    sheet.write_text("code,name,kind\nbus-1,Bus 1,bus\n")
    monkeypatch.setattr(Vehicle.objects, "update_or_create", refuse)
    _out, err = run_import("vehicles", sheet, capsys)
    assert "line 2: the database refused the row" in err
