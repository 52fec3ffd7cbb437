"""The KPIs Kendali ships with, named in Indonesian (LAPOR!'s limits, SLA, SOPs, the backlog)."""

from __future__ import annotations

from typing import Any

from kendali.insights.choices import Direction, Measure

DEFAULT_KPIS: list[dict[str, Any]] = [
    {
        "code": "verifikasi-3-hari",
        "measure": Measure.VERIFIED_ON_TIME,
        "name_ind": "Diverifikasi dalam 3 hari kerja",
        "name_en": "Verified within 3 working days",
        "name_su": "Diverifikasi dina 3 poé gawé",
        "description_ind": "Bagian laporan yang diputuskan command center (diverifikasi, ditolak "
        "atau ditandai duplikat) paling lambat 3 hari kerja setelah masuk, batas LAPOR!.",
        "description_en": "Share of reports the command center decided on (verified, rejected "
        "or marked duplicate) within 3 working days of filing, LAPOR!'s limit.",
        "target": 95,
        "green": 90,
        "yellow": 75,
        "is_public": True,
    },
    {
        "code": "tindak-lanjut-5-hari",
        "measure": Measure.FOLLOWED_UP_ON_TIME,
        "name_ind": "Ditindaklanjuti dalam 5 hari kerja",
        "name_en": "Followed up within 5 working days",
        "name_su": "Ditindaklanjutan dina 5 poé gawé",
        "description_ind": "Bagian laporan yang mendapat tanggapan pertama perangkat daerah paling "
        "lambat 5 hari kerja setelah disposisi, batas LAPOR!.",
        "description_en": "Share of dispatched reports the agency first answered within 5 working "
        "days of the disposition, LAPOR!'s limit.",
        "target": 95,
        "green": 90,
        "yellow": 75,
        "is_public": True,
    },
    {
        "code": "median-penyelesaian",
        "measure": Measure.RESOLVE_HOURS_MEDIAN,
        "direction": Direction.LOWER,
        "name_ind": "Median waktu penyelesaian",
        "name_en": "Median time to resolve",
        "name_su": "Median waktu réngsé",
        "description_ind": "Jam kerja dari laporan masuk sampai selesai ditangani (median).",
        "description_en": "Working hours from filing to resolution (median).",
        "target": 24,
        "green": 40,
        "yellow": 80,
        "is_public": True,
    },
    {
        "code": "p90-penyelesaian",
        "measure": Measure.RESOLVE_HOURS_P90,
        "direction": Direction.LOWER,
        "name_ind": "Waktu penyelesaian persentil 90",
        "name_en": "90th percentile time to resolve",
        "name_su": "Waktu réngsé persentil 90",
        "description_ind": "Sembilan dari sepuluh laporan selesai dalam jam kerja ini.",
        "description_en": "Nine reports in ten are resolved within this many working hours.",
        "target": 80,
        "green": 120,
        "yellow": 200,
    },
    {
        "code": "kepatuhan-sla",
        "measure": Measure.SLA_COMPLIANCE,
        "name_ind": "Kepatuhan SLA",
        "name_en": "SLA compliance",
        "name_su": "Patuh kana SLA",
        "description_ind": "Bagian laporan yang selesai sebelum tenggat SLA penyelesaiannya.",
        "description_en": "Share of reports resolved before their SLA resolution deadline.",
        "target": 90,
        "green": 85,
        "yellow": 70,
        "is_public": True,
    },
    {
        "code": "tunggakan-terlambat",
        "measure": Measure.OVERDUE_BACKLOG,
        "direction": Direction.LOWER,
        "name_ind": "Tunggakan melewati tenggat",
        "name_en": "Overdue backlog",
        "name_su": "Tunggakan anu kaliwat wates",
        "description_ind": "Laporan terbuka yang sudah melewati tenggat penyelesaian, saat ini.",
        "description_en": "Open reports past their resolution deadline, right now.",
        "target": 0,
        "green": 5,
        "yellow": 20,
        "min_count": 0,
    },
    {
        "code": "umur-tunggakan",
        "measure": Measure.BACKLOG_AGE,
        "direction": Direction.LOWER,
        "name_ind": "Umur tunggakan (median)",
        "name_en": "Backlog age (median)",
        "name_su": "Umur tunggakan (median)",
        "description_ind": "Median umur laporan yang masih terbuka, dalam hari kalender.",
        "description_en": "Median age of the reports still open, in calendar days.",
        "target": 3,
        "green": 5,
        "yellow": 14,
        "min_count": 1,
    },
    {
        "code": "dibuka-kembali",
        "measure": Measure.REOPEN_RATE,
        "direction": Direction.LOWER,
        "name_ind": "Laporan dibuka kembali",
        "name_en": "Reopen rate",
        "name_su": "Laporan dibuka deui",
        "description_ind": "Bagian laporan selesai yang harus dibuka kembali.",
        "description_en": "Share of resolved reports that had to be reopened.",
        "target": 2,
        "green": 5,
        "yellow": 10,
    },
    {
        "code": "kepuasan",
        "measure": Measure.SATISFACTION,
        "name_ind": "Kepuasan pelapor",
        "name_en": "Citizen satisfaction",
        "name_su": "Kasugemaan palapor",
        "description_ind": "Rata-rata penilaian pelapor (1-5). Abu-abu sampai penilaian tersedia.",
        "description_en": "Reporters' average rating (1-5). Grey until ratings exist.",
        "target": 4.5,
        "green": 4,
        "yellow": 3,
    },
    {
        "code": "kepatuhan-sop",
        "measure": Measure.SOP_STEP_COMPLIANCE,
        "name_ind": "Langkah SOP tepat waktu",
        "name_en": "SOP steps on time",
        "name_su": "Léngkah SOP pas waktuna",
        "description_ind": "Bagian langkah SOP bertenggat yang selesai dalam batas waktunya.",
        "description_en": "Share of SOP steps with a time limit done within it.",
        "target": 90,
        "green": 85,
        "yellow": 70,
    },
    {
        "code": "duplikat",
        "measure": Measure.DUPLICATE_RATE,
        "direction": Direction.LOWER,
        "name_ind": "Laporan duplikat",
        "name_en": "Duplicate rate",
        "name_su": "Laporan duplikat",
        "description_ind": "Bagian laporan yang ternyata duplikat laporan lain.",
        "description_en": "Share of reports that turned out to duplicate another.",
        "target": 5,
        "green": 10,
        "yellow": 20,
    },
    {
        "code": "bukan-kewenangan",
        "measure": Measure.NOT_AUTHORITY_RATE,
        "direction": Direction.LOWER,
        "name_ind": "Dikembalikan: bukan kewenangan",
        "name_en": "Returned: not our authority",
        "name_su": "Dipulangkeun: lain kawenangan",
        "description_ind": "Bagian laporan terdisposisi yang dikembalikan perangkat daerah.",
        "description_en": "Share of dispatched reports an agency handed back.",
        "target": 3,
        "green": 5,
        "yellow": 15,
    },
]


def install_defaults(kpi_model: Any) -> int:
    """Create the default KPIs that do not exist yet (by code); returns how many were made."""
    made = 0
    for order, values in enumerate(DEFAULT_KPIS):
        fields = {"sort_order": 10 * (order + 1), **values}
        code = fields.pop("code")
        _obj, created = kpi_model.objects.get_or_create(code=code, defaults=fields)
        made += int(created)
    return made
