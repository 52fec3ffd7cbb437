"""The demo city's working calendars, SLA policies, escalation ladders and SOPs.

Holidays and cuti bersama come from the `holidays` package (Indonesia, any year); local decrees
and corrections go in with `kendali import-holidays FILE` or the admin.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django.db import transaction

from kendali.agencies.models import User
from kendali.reports.models import Category
from kendali.sla.importer import import_country
from kendali.sla.models import (
    Calendar,
    EscalationLadder,
    EscalationLevel,
    SLAPolicy,
    WorkingHours,
)
from kendali.sops import actions
from kendali.sops.actions import StepSpec

WORKING_DAY = 8 * 60  # minutes in the demo's working day (08.00–16.00)

LADDERS = {
    "sla-standar": (
        "Eskalasi standar",
        [
            (1, 60, ["shift_supervisor"]),
            (2, 480, ["agency_head", "shift_supervisor"]),
            (3, 1440, ["executive"]),
        ],
    ),
    "darurat": (
        "Eskalasi darurat",
        [(1, 10, ["shift_supervisor"]), (2, 30, ["agency_head", "executive"])],
    ),
    "langkah-sop": (
        "Eskalasi langkah SOP",
        [(1, 60, ["assignee", "shift_supervisor"]), (2, 240, ["agency_head"])],
    ),
}

# (name, category code or None, priority or "", calendar, verify, dispose, first response, resolve, ladder)
POLICIES = [
    ("Standar LAPOR! (hari kerja)", None, "", "kerja", 3 * WORKING_DAY, WORKING_DAY, 5 * WORKING_DAY, 14 * WORKING_DAY, "sla-standar"),
    ("Prioritas tinggi", None, "high", "kerja", WORKING_DAY, 4 * 60, 2 * WORKING_DAY, 7 * WORKING_DAY, "sla-standar"),
    ("Darurat (24 jam)", None, "urgent", "24-7", 15, 15, 30, 240, "darurat"),
    ("Kebakaran (24 jam)", "kebakaran", "", "24-7", 5, 5, 15, 180, "darurat"),
    ("Banjir (24 jam)", "banjir", "", "24-7", 60, 60, 120, 1440, "darurat"),
]  # fmt: skip

OP, SV, AO, AA, EX = "operator", "supervisor", "agency_officer", "agency_admin", "executive"


def step(
    title: str, role: str, minutes: int | None = None, evidence: str = "none", **extra: Any
) -> StepSpec:
    return StepSpec(
        title=title, owner_role=role, time_limit_minutes=minutes, evidence=evidence, **extra
    )


# Sundanese titles (the rest falls back to Indonesian on /su/ pages).
SOP_TITLES_SU = {
    "sop-jalan-drainase": "Nanganan Jalan Ruksak jeung Solokan Mampet",
    "sop-banjir": "Nanganan Caah",
    "sop-kebakaran": "Nanganan Kahuruan",
    "sop-pohon": "Nanganan Tangkal Rubuh",
    "sop-sampah-lingkungan": "Nanganan Runtah jeung Lingkungan",
    "sop-operasional-cc": "Operasional Command Center",
}

# code, title, categories, calendar ("kerja" / "24-7"), purpose, steps
SOPS: list[tuple[str, str, list[str], str, str, list[StepSpec]]] = [
    (
        "sop-jalan-drainase",
        "Penanganan Jalan Rusak dan Saluran Tersumbat",
        ["jalan-rusak", "drainase"],
        "kerja",
        "Memastikan kerusakan jalan dan saluran air diperbaiki sebelum membahayakan pengguna jalan.",
        [
            step("Konfirmasi lokasi dan tingkat kerusakan", OP, 240, "note",
                 instructions="Hubungi pelapor bila perlu. Catat ukuran lubang/sumbatan dan **apakah membahayakan**."),
            step("Survei lapangan oleh UPT", AO, 1440, "photo", instructions="Foto kondisi dari dua arah."),
            step("Perlu penanganan darurat (rambu, penutupan lajur)?", AO, kind="decision", yes_step=4, no_step=5),
            step("Pasang rambu peringatan, koordinasi Dishub", AO, 240, "photo"),
            step("Perbaikan: tambal aspal atau bersihkan saluran", AO, 4800, "photo"),
            step("Beri tahu command center bahwa pekerjaan selesai", OP, kind="notify", notify_roles=[OP],
                 message="Perbaikan selesai, mohon verifikasi ke pelapor."),
        ],
    ),
    (
        "sop-banjir",
        "Penanganan Banjir dan Genangan",
        ["banjir"],
        "24-7",
        "Melindungi warga terdampak dan mengembalikan fungsi jalan dan saluran secepatnya.",
        [
            step("Verifikasi cepat melalui CCTV atau telepon pelapor", OP, 30, "note"),
            step("Ada warga terdampak atau terjebak?", OP, kind="decision", yes_step=3, no_step=5),
            step("Siagakan supervisor dan pimpinan", SV, kind="notify", notify_roles=[SV, EX],
                 message="Banjir dengan warga terdampak: siaga evakuasi."),
            step("Kirim tim evakuasi dan dirikan posko", AO, 60, "photo"),
            step("Pompa air dan bersihkan saluran", AO, 240, "photo"),
            step("Pantau genangan hingga surut", AO, 720, "note"),
        ],
    ),
    (
        "sop-kebakaran",
        "Penanganan Kebakaran",
        ["kebakaran"],
        "24-7",
        "Menjamin unit pemadam tiba secepatnya dan semua kejadian tercatat.",
        [
            step("Teruskan ke Diskar PB lewat radio atau 112", OP, 2),
            step("Pemberangkatan unit pemadam", AO, 5, "note", instructions="Catat nomor unit dan jam berangkat."),
            step("Pemadaman dan penyelamatan", AO, 60, "note"),
            step("Laporan pascakejadian (penyebab, kerugian, korban)", AO, 1440, "photo"),
        ],
    ),
    (
        "sop-pohon",
        "Penanganan Pohon Tumbang dan Pohon Rawan",
        ["pohon-tumbang"],
        "24-7",
        "Membuka kembali jalan dan mencegah pohon rawan tumbang.",
        [
            step("Amankan lokasi: minta Dishub mengalihkan arus", OP, 30, "note"),
            step("Evakuasi pohon dan bersihkan jalan", AO, 180, "photo"),
            step("Ada kerusakan fasilitas atau korban?", AO, kind="decision", yes_step=4, no_step=5),
            step("Catat kerusakan untuk penggantian", AO, 1440, "note"),
            step("Pangkas pohon rawan di sekitarnya", AO, 2880, required=False),
        ],
    ),
    (
        "sop-pju-fasum",
        "Perbaikan Penerangan Jalan dan Fasilitas Umum",
        ["pju-mati", "fasilitas-umum"],
        "kerja",
        "Menyalakan kembali lampu jalan dan memperbaiki fasilitas umum yang rusak.",
        [
            step("Identifikasi nomor tiang atau fasilitas", OP, 480, "note"),
            step("Pengecekan teknisi", AO, 1440, "photo"),
            step("Perbaikan atau penggantian", AO, 2400, "photo"),
        ],
    ),
    (
        "sop-sampah-lingkungan",
        "Penanganan Sampah dan Pencemaran",
        ["sampah", "pencemaran"],
        "kerja",
        "Mengangkut sampah, menindak pencemaran, dan mencegah kejadian berulang.",
        [
            step("Identifikasi titik dan jadwal angkut", AO, 480, "note"),
            step("Pengangkutan atau penindakan di lokasi", AO, 1440, "photo"),
            step("Pelanggaran berulang di titik ini?", AO, kind="decision", yes_step=4, no_step=5),
            step("Koordinasi penegakan perda dengan Satpol PP", AA, 2400, "note"),
            step("Pantau lokasi selama satu minggu", AO, 2400, "note", required=False),
        ],
    ),
    (
        "sop-lalu-lintas",
        "Penanganan Gangguan Lalu Lintas",
        ["kemacetan", "lampu-lalin", "parkir-liar"],
        "kerja",
        "Mengurai kemacetan, memperbaiki lampu lalu lintas dan menertibkan parkir.",
        [
            step("Cek CCTV persimpangan", OP, 15, "note"),
            step("Kirim petugas pengatur atau teknisi", AO, 60, "photo"),
            step("Pastikan arus kembali normal", AO, 480, "note"),
        ],
    ),
    (
        "sop-ketertiban",
        "Penertiban Pedagang Kaki Lima",
        ["pkl"],
        "kerja",
        "Mengembalikan fungsi trotoar dan jalan dengan pendekatan persuasif.",
        [
            step("Periksa apakah lokasi termasuk zona larangan", OP, 480, "note"),
            step("Sosialisasi dan teguran", AO, 1440, "photo"),
            step("Penertiban bila teguran tidak diindahkan", AO, 4800, "photo", required=False),
        ],
    ),
    (
        "sop-pmks",
        "Penjangkauan Penyandang Masalah Kesejahteraan Sosial",
        ["pmks"],
        "kerja",
        "Menjangkau, menilai dan merujuk warga yang membutuhkan layanan sosial.",
        [
            step("Penjangkauan oleh petugas Dinsos", AO, 480, "photo"),
            step("Asesmen kebutuhan", AO, 1440, "note"),
            step("Rujukan ke rumah singgah atau layanan kesehatan", AO, 2400, "note"),
        ],
    ),
    (
        "sop-air-bersih",
        "Penanganan Pipa Bocor dan Gangguan Air Bersih",
        ["pipa-air-bocor"],
        "kerja",
        "Menghentikan kebocoran dan memulihkan aliran air bersih.",
        [
            step("Isolasi jaringan yang bocor", AO, 240, "note"),
            step("Perbaikan pipa", AO, 1440, "photo"),
            step("Uji aliran dan informasikan ke warga", AO, 480, "note"),
        ],
    ),
    (
        "sop-kesehatan",
        "Penanganan Kasus Kesehatan Lingkungan dan DBD",
        ["kesehatan"],
        "kerja",
        "Mencegah penyebaran penyakit berbasis lingkungan.",
        [
            step("Penyelidikan epidemiologi", AO, 1440, "note"),
            step("Fogging dan pemberantasan sarang nyamuk", AO, 2400, "photo"),
        ],
    ),
    (
        "sop-operasional-cc",
        "Operasional Command Center: Serah Terima Shift dan Pemantauan",
        [],
        "24-7",
        "SOP pengelolaan command center itu sendiri: serah terima jaga, pemeriksaan perangkat dan "
        "umpan data, pencatatan insiden, dan eskalasi ke pimpinan.",
        [
            step("Serah terima shift: buku jaga, laporan terbuka, insiden berjalan", SV, 15, "note"),
            step("Periksa perangkat: video wall, radio, jaringan, komputer operator", OP, 30, "note"),
            step("Periksa umpan data: CCTV, sensor, GPS armada, kanal laporan", OP, 30, "note"),
            step("Catat insiden di buku jaga", OP, 60, "note"),
            step("Ada insiden besar (korban, bencana, gangguan layanan kota)?", SV, kind="decision", yes_step=6, no_step=7),
            step("Laporkan ke pimpinan daerah", SV, kind="notify", notify_roles=[EX],
                 message="Insiden besar sedang ditangani command center."),
            step("Laporan akhir shift", SV, 480, "note"),
        ],
    ),
]  # fmt: skip


def load_procedures() -> None:
    """Calendars, ladders, policies, and every SOP written by an operator, approved and published
    by the supervisor, as the rules require."""
    with transaction.atomic():
        working = Calendar.objects.create(
            code="kerja", name="Hari kerja Pemkot (Senin–Jumat 08.00–16.00)"
        )
        WorkingHours.objects.bulk_create(
            WorkingHours(calendar=working, weekday=day, start=time(8), end=time(16))
            for day in range(5)
        )
        # Indonesia's holidays and cuti bersama come from the holidays package for any year;
        # the demo stores 2026 and 2027 so the admin shows them (the worker adds each new year).
        for year in (2026, 2027):
            import_country(working, "ID", year, source="demo")
        always = Calendar.objects.create(
            code="24-7", name="24 jam × 7 hari (darurat)", always_open=True
        )
        calendars = {"kerja": working, "24-7": always}
        ladders = {}
        for code, (name, levels) in LADDERS.items():
            ladder = EscalationLadder.objects.create(code=code, name=name)
            EscalationLevel.objects.bulk_create(
                EscalationLevel(ladder=ladder, level=level, delay_minutes=delay, recipients=who)
                for level, delay, who in levels
            )
            ladders[code] = ladder
        for (
            name,
            category,
            priority,
            calendar,
            verify,
            dispose,
            first,
            resolve,
            ladder_code,
        ) in POLICIES:
            SLAPolicy.objects.create(
                name=name,
                category=Category.objects.get(code=category) if category else None,
                priority=priority,
                calendar=calendars[calendar],
                verify_minutes=verify,
                dispose_minutes=dispose,
                first_response_minutes=first,
                resolve_minutes=resolve,
                ladder=ladders[ladder_code],
            )
        author = User.objects.get(username="operator")
        reviewer = User.objects.get(username="supervisor")
        for code, title, categories, calendar, purpose, specs in SOPS:
            sop = actions.create_sop(
                author,
                code=code,
                title=title,
                purpose=purpose,
                legal_basis="Peraturan Wali Kota Bandung Nomor 20 Tahun 2022 tentang Tata Kelola Command Center",
                category_codes=categories,
            )
            if code in SOP_TITLES_SU:
                sop.title_su = SOP_TITLES_SU[code]
                sop.save(update_fields=["title_su"])
            draft = sop.versions.get()
            actions.update_settings(
                draft,
                author,
                change_note="Versi pertama.",
                enforce_order=True,
                calendar=calendars[calendar],
            )
            actions.save_steps(draft, author, specs)
            actions.submit_for_review(draft, author)
            actions.approve(draft, reviewer)
            actions.publish(draft, reviewer)
