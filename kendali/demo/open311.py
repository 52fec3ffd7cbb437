"""The demo's Open311 setup: questions on a few categories and one integration key."""

from __future__ import annotations

from django.db import transaction

from kendali.open311.choices import Datatype
from kendali.open311.models import ApiKey, ServiceAttribute
from kendali.reports.models import Category

# Printed by `make run`; a real installation issues keys in the console.
DEMO_KEY = "o311_demo-kunci-aplikasi-warga"

QUESTIONS = [
    ("jalan-rusak", "ukuran", Datatype.SINGLEVALUELIST, True, "Seberapa besar kerusakannya?",
     "How big is the damage?", [("kecil", "Kecil (< 30 cm)"), ("sedang", "Sedang (30–100 cm)"), ("besar", "Besar (> 1 m)")]),
    ("jalan-rusak", "bahaya", Datatype.MULTIVALUELIST, False, "Siapa yang terancam?",
     "Who is at risk?", [("motor", "Pengendara motor"), ("pejalan", "Pejalan kaki"), ("mobil", "Mobil")]),
    ("banjir", "tinggi-air", Datatype.NUMBER, True, "Perkiraan tinggi air (cm)",
     "Estimated water depth (cm)", []),
    ("banjir", "sejak", Datatype.DATETIME, False, "Sejak kapan tergenang?",
     "Flooded since when?", []),
    ("pohon-tumbang", "menghalangi", Datatype.SINGLEVALUELIST, True, "Apakah menghalangi jalan?",
     "Is it blocking the road?", [("ya", "Ya"), ("tidak", "Tidak")]),
    ("sampah", "patokan", Datatype.STRING, False, "Patokan terdekat", "Nearest landmark", []),
    ("pencemaran", "uraian-bau", Datatype.TEXT, False, "Ceritakan bau atau warnanya",
     "Describe the smell or colour", []),
]  # fmt: skip


def load() -> None:
    with transaction.atomic():
        for order, (code, attr, kind, required, question_id, question_en, values) in enumerate(
            QUESTIONS, start=1
        ):
            category = Category.objects.filter(code=code).first()
            if category is None:
                continue
            ServiceAttribute.objects.create(
                category=category,
                code=attr,
                order=order,
                datatype=kind,
                required=required,
                description_ind=question_id,
                description_en=question_en,
                values=[{"key": k, "name": n} for k, n in values],
            )
        key = ApiKey(name="Aplikasi Warga (demo)", contact="demo@bandung.example", rate="60/m")
        key.set_secret(DEMO_KEY)
        key.save()
