import random

import pytest

from kendali.lib.geo import AreaIndex, GeometryError, IndexedArea, distance_m, parse_area_geometry


def square(x0, y0, size=1.0):
    return {
        "type": "Polygon",
        "coordinates": [
            [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
        ],
    }


def test_it_finds_the_deepest_area_containing_a_point():
    index = AreaIndex(
        [
            IndexedArea(1, 0, parse_area_geometry(square(0, 0, 2))),
            IndexedArea(2, 1, parse_area_geometry(square(0, 0, 1))),
        ]
    )
    assert index.locate(0.5, 0.5) == 2
    assert index.locate(1.5, 1.5) == 1
    assert index.locate(5, 5) is None


def test_it_tells_inside_from_outside_the_city():
    index = AreaIndex([IndexedArea(1, 0, parse_area_geometry(square(0, 0)))])
    assert index.contains(0.5, 0.5)
    assert not index.contains(3, 3)


def test_an_empty_index_accepts_any_point():
    assert AreaIndex([]).contains(10, 10)


def test_it_stays_correct_with_hundreds_of_polygons():
    # A 30 × 30 grid: each lookup must land in exactly the cell it is in.
    areas = [
        IndexedArea(row * 30 + col, 0, parse_area_geometry(square(col * 0.01, row * 0.01, 0.01)))
        for row in range(30)
        for col in range(30)
    ]
    index = AreaIndex(areas)
    rng = random.Random(1)
    for _ in range(500):
        row, col = rng.randrange(30), rng.randrange(30)
        x = col * 0.01 + rng.uniform(0.001, 0.009)
        y = row * 0.01 + rng.uniform(0.001, 0.009)
        assert index.locate(x, y) == row * 30 + col


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [0, 0]}, "Polygon or MultiPolygon"),
        ({"type": "Polygon", "coordinates": "nope"}, "malformed"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "not a valid polygon",
        ),
        (square(500, 500), "WGS 84"),
        ("just text", "GeoJSON object"),
    ],
)
def test_it_refuses_unusable_geometry(geometry, message):
    with pytest.raises(GeometryError, match=message):
        parse_area_geometry(geometry)


def test_distance_is_in_metres():
    # One degree of latitude is about 111 km.
    assert 110_000 < distance_m(0, 0, 1, 0) < 112_000
    assert distance_m(-6.9, 107.6, -6.9, 107.6) == 0
