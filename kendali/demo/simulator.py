"""Realistic citizen reports for the demo city, for history and for the live simulator."""

from __future__ import annotations

import io
import logging
import random
import threading
from dataclasses import dataclass

from django.db import close_old_connections
from PIL import Image, ImageDraw
from shapely.geometry import Point, shape

from kendali.cities.choices import AreaLevel
from kendali.cities.models import Area
from kendali.demo import data
from kendali.lib.errors import ActionError
from kendali.lib.images import CleanImage
from kendali.reports import actions
from kendali.reports.models import Category

logger = logging.getLogger("kendali.simulator")


@dataclass
class Draft:
    new: actions.NewReport
    channel: str
    photos: list[CleanImage]


class ReportMaker:
    """Makes believable reports: a category by how often Bandung reports it, a point inside a
    kelurahan, words citizens use, sometimes a photo."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.categories = list(
            Category.objects.filter(is_active=True).values_list("code", flat=True)
        )
        self.weights = {code: weight for code, *_rest, weight, _desc in data.CATEGORIES}
        self.areas = [
            (area.name, shape(area.geometry))
            for area in Area.objects.filter(level=AreaLevel.KELURAHAN)
        ] or [(area.name, shape(area.geometry)) for area in Area.objects.all()]

    def point(self) -> tuple[float, float] | None:
        if not self.areas:
            return None
        _name, polygon = self.rng.choice(self.areas)
        min_x, min_y, max_x, max_y = polygon.bounds
        for _attempt in range(50):
            x, y = self.rng.uniform(min_x, max_x), self.rng.uniform(min_y, max_y)
            if polygon.contains(Point(x, y)):
                return round(y, 6), round(x, 6)
        centre = polygon.representative_point()
        return centre.y, centre.x

    def describe(self, category: str) -> tuple[str, str]:
        street = self.rng.choice(data.STREETS)
        landmark = self.rng.choice(data.LANDMARKS)
        template = self.rng.choice(
            data.DESCRIPTIONS.get(category, ["Ada masalah di {street} {landmark}."])
        )
        text = template.format(
            street=street,
            landmark=landmark,
            days=self.rng.randint(2, 14),
            depth=self.rng.choice([20, 30, 40, 50, 70]),
            count=self.rng.randint(2, 6),
        )
        return text, f"{street}, {landmark}"

    def draft(self, *, photo_chance: float = 0.15) -> Draft:
        rng = self.rng
        codes = [c for c in self.categories if c in self.weights] or self.categories
        category = rng.choices(codes, weights=[self.weights.get(c, 1) for c in codes])[0]
        description, address = self.describe(category)
        point = self.point()
        anonymous = rng.random() < 0.15
        name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
        contact = (
            f"{name.split()[0].lower()}.{rng.randint(10, 99)}@example.org"
            if rng.random() < 0.6
            else f"0800-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        )
        channel = rng.choices(
            list(data.CHANNEL_WEIGHTS), weights=list(data.CHANNEL_WEIGHTS.values())
        )[0]
        photos = [demo_photo(category, rng)] if rng.random() < photo_chance else []
        return Draft(
            new=actions.NewReport(
                category=category,
                description=description,
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
                address=address,
                reporter_name="" if rng.random() < 0.1 else name,
                reporter_contact=contact if rng.random() < 0.85 else "",
                anonymous=anonymous,
                confidential=rng.random() < 0.04,
            ),
            channel=channel,
            photos=photos,
        )


PALETTE = {
    "banjir": (70, 110, 160),
    "kebakaran": (170, 60, 40),
    "sampah": (110, 100, 70),
    "pohon-tumbang": (60, 110, 60),
}


def demo_photo(category: str, rng: random.Random) -> CleanImage:
    """A small generated picture standing in for a citizen's photo."""
    base = PALETTE.get(category, (120, 120, 125))
    image = Image.new("RGB", (640, 480), base)
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randint(0, 600), rng.randint(0, 440)
        shade = tuple(max(0, min(255, c + rng.randint(-50, 50))) for c in base)
        draw.ellipse((x, y, x + rng.randint(40, 160), y + rng.randint(30, 120)), fill=shade)
    draw.rectangle((0, 420, 640, 480), fill=(20, 20, 20))
    draw.text((16, 440), f"Foto demo: {category}", fill=(255, 255, 255))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return CleanImage(output.getvalue(), 640, 480)


class Simulator:
    """Files simulated citizen reports at a steady rate, in a background thread of the server."""

    def __init__(self, rate_per_minute: int, seed: int | None = None) -> None:
        self.interval = 60.0 / max(rate_per_minute, 1)
        self.rng = random.Random(seed)
        self.stopped = threading.Event()
        self.maker: ReportMaker | None = None

    def file_one(self) -> str | None:
        if self.maker is None:
            self.maker = ReportMaker(self.rng)
        draft = self.maker.draft()
        try:
            report = actions.create_report(
                draft.new, channel=draft.channel, photos=draft.photos, source="simulator"
            )
        except ActionError as exc:
            logger.warning("simulated report refused: %s", exc.message)
            return None
        return report.ticket

    def run_forever(self) -> None:
        logger.info("simulator: one report every %.0f s", self.interval)
        while not self.stopped.wait(self.rng.expovariate(1 / self.interval)):
            close_old_connections()
            try:
                ticket = self.file_one()
                if ticket:
                    logger.info("simulator filed %s", ticket)
            except Exception:  # the demo must keep running whatever one report does
                logger.exception("simulator failed to file a report")
            finally:
                close_old_connections()
