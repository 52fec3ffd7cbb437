from datetime import date

import pytest
from django.core.management import CommandError, call_command

from kendali.sla.models import Holiday


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_holidays_are_imported_and_updated(world, procedures, tmp_path, capsys):
    path = write(
        tmp_path,
        "libur.csv",
        "date,name,kind\n2026-12-25,Natal,national\n2026-12-24,Cuti bersama Natal,cuti bersama\n",
    )
    call_command("import_holidays", str(path), "--calendar", "kerja")
    assert Holiday.objects.get(date="2026-12-24").kind == "collective_leave"
    path = write(tmp_path, "libur2.csv", "date,name\n2026-12-25,Hari Natal\n")
    call_command("import_holidays", str(path))
    assert Holiday.objects.get(date="2026-12-25").name == "Hari Natal"
    assert "0 created, 1 updated" in capsys.readouterr().out


def test_bad_dates_are_listed_by_line_and_nothing_is_imported(world, procedures, tmp_path, capsys):
    path = write(
        tmp_path,
        "libur.csv",
        "date,name\n2026-10-01,Hari Kesaktian Pancasila\n2026-02-30,Tanggal mustahil\n17/08/2026,Format salah\n2026-10-02,\n2026-10-01,Kembar\n",
    )
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_holidays", str(path))
    err = capsys.readouterr().err
    assert "line 3: '2026-02-30' is not a date" in err
    assert "line 4: '17/08/2026' is not a date" in err
    assert "line 5: the holiday has no name" in err
    assert "line 6: 2026-10-01 repeats line 2" in err
    assert not Holiday.objects.filter(date="2026-10-01").exists()


def test_ics_events_become_holidays_including_multi_day_ones(world, procedures, tmp_path):
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20270310\r\nDTEND;VALUE=DATE:20270312\r\nSUMMARY:Idulfitri 1448 H\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20270313\r\nSUMMARY:Cuti bersama Idulfitri\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    call_command("import_holidays", str(write(tmp_path, "libur.ics", ics)))
    assert set(Holiday.objects.filter(date__year=2027).values_list("date", "kind")) == {
        (date(2027, 3, 10), "national"),
        (date(2027, 3, 11), "national"),
        (date(2027, 3, 13), "collective_leave"),
    }


def test_a_broken_ics_event_names_its_line(world, procedures, tmp_path, capsys):
    ics = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nSUMMARY:Tanpa tanggal\nEND:VEVENT\nEND:VCALENDAR\n"
    with pytest.raises(CommandError):
        call_command("import_holidays", str(write(tmp_path, "x.ics", ics)))
    assert "line 3 (event 1): DTSTART is missing" in capsys.readouterr().err


def test_an_unknown_calendar_is_a_clear_error(world, procedures, tmp_path):
    with pytest.raises(CommandError, match="no working calendar"):
        call_command(
            "import_holidays", str(write(tmp_path, "a.csv", "date,name\n")), "--calendar", "nope"
        )
