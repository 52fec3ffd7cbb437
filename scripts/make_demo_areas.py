"""Generate the demo city's approximate area polygons (kendali/demo/data/bandung-areas.geojson).

Kota Bandung's 30 kecamatan and 151 kelurahan are real names; their polygons are NOT real
boundaries. Each kecamatan is the Voronoi cell of its approximate centre inside an approximate
city outline, and each kelurahan a Voronoi cell inside its kecamatan. Every feature says so
(`approximate: true`). Replace them with official boundaries using `kendali import-areas`.

Run from the repository root: python scripts/make_demo_areas.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, Point, mapping

# (kecamatan, approximate centre lat, lon, kelurahan)
KECAMATAN = [
    ("Andir", -6.912, 107.572, ["Campaka", "Ciroyom", "Dungus Cariang", "Garuda", "Kebon Jeruk", "Maleber"]),
    ("Antapani", -6.912, 107.662, ["Antapani Kidul", "Antapani Kulon", "Antapani Tengah", "Antapani Wetan"]),
    ("Arcamanik", -6.917, 107.677, ["Cisaranten Bina Harapan", "Cisaranten Endah", "Cisaranten Kulon", "Sukamiskin"]),
    ("Astanaanyar", -6.928, 107.602, ["Cibadak", "Karanganyar", "Karasak", "Nyengseret", "Panjunan", "Pelindung Hewan"]),
    ("Babakan Ciparay", -6.943, 107.578, ["Babakan", "Babakan Ciparay", "Cirangrang", "Margahayu Utara", "Margasuka", "Sukahaji"]),
    ("Bandung Kidul", -6.955, 107.628, ["Batununggal", "Kujangsari", "Mengger", "Wates"]),
    ("Bandung Kulon", -6.925, 107.558, ["Caringin", "Cibuntu", "Cigondewah Kaler", "Cigondewah Kidul", "Cigondewah Rahayu", "Cijerah", "Gempolsari", "Warung Muncang"]),
    ("Bandung Wetan", -6.903, 107.618, ["Cihapit", "Citarum", "Tamansari"]),
    ("Batununggal", -6.928, 107.638, ["Binong", "Cibangkong", "Gumuruh", "Kacapiring", "Kebongedang", "Kebonwaru", "Maleer", "Samoja"]),
    ("Bojongloa Kaler", -6.931, 107.590, ["Babakan Asih", "Babakan Tarogong", "Jamika", "Kopo", "Suka Asih"]),
    ("Bojongloa Kidul", -6.955, 107.593, ["Cibaduyut", "Cibaduyut Kidul", "Cibaduyut Wetan", "Kebon Lega", "Mekarwangi", "Situsaeur"]),
    ("Buahbatu", -6.950, 107.652, ["Cijawura", "Jatisari", "Margasari", "Sekejati"]),
    ("Cibeunying Kaler", -6.888, 107.633, ["Cigadung", "Cihaur Geulis", "Neglasari", "Sukaluyu"]),
    ("Cibeunying Kidul", -6.902, 107.647, ["Cicadas", "Cikutra", "Padasuka", "Pasirlayung", "Sukamaju", "Sukapada"]),
    ("Cibiru", -6.915, 107.722, ["Cipadung", "Cisurupan", "Palasari", "Pasirbiru"]),
    ("Cicendo", -6.905, 107.590, ["Arjuna", "Husen Sastranegara", "Pajajaran", "Pamoyanan", "Pasirkaliki", "Sukaraja"]),
    ("Cidadap", -6.858, 107.607, ["Ciumbuleuit", "Hegarmanah", "Ledeng"]),
    ("Cinambo", -6.925, 107.693, ["Babakan Penghulu", "Cisaranten Wetan", "Pakemitan", "Sukamulya"]),
    ("Coblong", -6.887, 107.617, ["Cipaganti", "Dago", "Lebak Gede", "Lebak Siliwangi", "Sadang Serang", "Sekeloa"]),
    ("Gedebage", -6.952, 107.695, ["Cimincrang", "Cisaranten Kidul", "Rancabolang", "Rancanumpang"]),
    ("Kiaracondong", -6.918, 107.648, ["Babakan Sari", "Babakan Surabaya", "Cicaheum", "Kebon Kangkung", "Kebun Jayanti", "Sukapura"]),
    ("Lengkong", -6.928, 107.625, ["Burangrang", "Cijagra", "Cikawao", "Lingkar Selatan", "Malabar", "Paledang", "Turangga"]),
    ("Mandalajati", -6.897, 107.668, ["Jatihandap", "Karang Pamulang", "Pasir Impun", "Sindang Jaya"]),
    ("Panyileukan", -6.930, 107.708, ["Cipadung Kidul", "Cipadung Kulon", "Cipadung Wetan", "Mekarmulya"]),
    ("Rancasari", -6.948, 107.675, ["Cipamokolan", "Derwati", "Manjahlega", "Mekar Jaya"]),
    ("Regol", -6.938, 107.613, ["Ancol", "Balonggede", "Ciateul", "Cigereleng", "Ciseureuh", "Pasirluyu", "Pungkur"]),
    ("Sukajadi", -6.885, 107.592, ["Cipedes", "Pasteur", "Sukabungah", "Sukagalih", "Sukawarna"]),
    ("Sukasari", -6.868, 107.585, ["Gegerkalong", "Isola", "Sarijadi", "Sukarasa"]),
    ("Sumur Bandung", -6.915, 107.611, ["Babakan Ciamis", "Braga", "Kebon Pisang", "Merdeka"]),
    ("Ujungberung", -6.908, 107.703, ["Cigending", "Pasanggrahan", "Pasirendah", "Pasirjati", "Pasirwangi"]),
]  # fmt: skip

SOURCE = "Kendali demo: approximate shapes generated from approximate centres, not official"
GRID = 1e-5


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygon parts, snapped to a 1e-5° grid (about a metre), valid."""
    geometry = shapely.set_precision(shapely.make_valid(geometry), GRID)
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon" and g.area > 0]
    if not parts:
        raise ValueError("no polygon left")
    merged = shapely.union_all(parts)
    if merged.geom_type == "MultiPolygon":
        # A sliver cut off by the grid is noise: keep the biggest piece.
        merged = max(merged.geoms, key=lambda g: g.area)
    return merged


def voronoi_cells(points: list[Point], inside: shapely.Geometry) -> list[shapely.Geometry]:
    diagram = shapely.voronoi_polygons(MultiPoint(points), extend_to=inside.envelope.buffer(0.05))
    cells = []
    for point in points:
        cell = next(c for c in diagram.geoms if c.contains(point))
        cells.append(polygonal(cell.intersection(inside)))
    return cells


def seeds_inside(polygon: shapely.Geometry, count: int, rng: random.Random) -> list[Point]:
    """Spread ``count`` points over a polygon (random start, a few Lloyd relaxation steps)."""
    min_x, min_y, max_x, max_y = polygon.bounds
    points: list[Point] = []
    while len(points) < count:
        candidate = Point(rng.uniform(min_x, max_x), rng.uniform(min_y, max_y))
        if polygon.contains(candidate):
            points.append(candidate)
    for _step in range(12):
        cells = voronoi_cells(points, polygon)
        points = [
            cell.centroid if polygon.contains(cell.centroid) else p
            for cell, p in zip(cells, points, strict=True)
        ]
    return points


def main() -> None:
    rng = random.Random(2015)  # the year Bandung Command Center opened
    centres = [Point(lon, lat) for _name, lat, lon, _kel in KECAMATAN]
    outline = shapely.union_all([c.buffer(0.021, quad_segs=12) for c in centres])
    outline = polygonal(outline.buffer(0.004).buffer(-0.004).simplify(0.0008))
    kecamatan_cells = voronoi_cells(centres, outline)
    features = []
    for (name, _lat, _lon, kelurahan), cell in zip(KECAMATAN, kecamatan_cells, strict=True):
        code = f"bdg-{slug(name)}"
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": code,
                    "name": name,
                    "level": "kecamatan",
                    "approximate": True,
                    "source": SOURCE,
                },
                "geometry": mapping(cell),
            }
        )
        seeds = seeds_inside(cell, len(kelurahan), rng)
        # Give names in a stable west-to-east, north-to-south order of the seeds.
        seeds.sort(key=lambda p: (round(-p.y, 3), p.x))
        for kel_name, kel_cell in zip(sorted(kelurahan), voronoi_cells(seeds, cell), strict=True):
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "code": f"{code}-{slug(kel_name)}",
                        "name": kel_name,
                        "level": "kelurahan",
                        "parent": code,
                        "approximate": True,
                        "source": SOURCE,
                    },
                    "geometry": mapping(kel_cell),
                }
            )
    collection = {
        "type": "FeatureCollection",
        "name": "Kota Bandung (approximate demo areas)",
        "features": features,
    }
    target = Path("kendali/demo/data/bandung-areas.geojson")
    target.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(features)} features to {target}")


if __name__ == "__main__":
    main()
