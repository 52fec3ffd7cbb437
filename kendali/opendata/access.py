"""What the public sees of open data: published datasets only."""

from __future__ import annotations

from django.db.models import QuerySet, Sum

from kendali.opendata.models import Dataset, Resource


def public_datasets() -> QuerySet[Dataset]:
    return (
        Dataset.objects.filter(is_published=True)
        .select_related("publisher")
        .prefetch_related("resources")
        .annotate(downloads=Sum("resources__download_count"))
    )


def public_dataset(name_or_id: str) -> Dataset | None:
    datasets = public_datasets()
    found = datasets.filter(name=name_or_id).first()
    if found is None:
        try:
            found = datasets.filter(uuid=name_or_id).first()
        except Exception:  # not a UUID
            return None
    return found


def public_resource(resource_id: str) -> Resource | None:
    try:
        return (
            Resource.objects.select_related("dataset", "dataset__publisher")
            .filter(uuid=resource_id, dataset__is_published=True)
            .first()
        )
    except Exception:  # not a UUID
        return None
