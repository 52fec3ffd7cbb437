"""The demo's open data: the automatic datasets, and one dataset the admin uploaded."""

from __future__ import annotations

from kendali.agencies.models import User
from kendali.opendata import actions

FIRE_STATIONS = """nama,kecamatan,alamat,armada,telepon
Pos Pemadam Kebakaran Pusat,Sumur Bandung,Jl. Sukabumi (demo),12,(022) 0000-0113
Pos Pemadam Kebakaran Sukajadi,Sukajadi,Jl. Sukajadi (demo),4,(022) 0000-0114
Pos Pemadam Kebakaran Cicaheum,Kiaracondong,Jl. Cicaheum (demo),5,(022) 0000-0115
Pos Pemadam Kebakaran Gedebage,Gedebage,Jl. Gedebage Selatan (demo),3,(022) 0000-0116
Pos Pemadam Kebakaran Kopo,Bojongloa Kidul,Jl. Kopo (demo),4,(022) 0000-0117
"""


def load() -> None:
    actions.refresh_all()
    admin = User.objects.get(username="admin")
    actions.upload_dataset(
        admin,
        actions.UploadMeta(
            title_ind="Pos pemadam kebakaran (contoh)",
            title_en="Fire stations (example)",
            notes_ind=(
                "Lokasi pos pemadam kebakaran kota. Data contoh untuk demo, bukan data resmi."
            ),
            notes_en="The city's fire stations. Example data for the demo, not official.",
            publisher="diskarpb",
            frequency="ANNUAL",
            theme="GOVE",
            keywords="kebakaran, fasilitas publik",
        ),
        "pos-pemadam-kebakaran.csv",
        FIRE_STATIONS.encode(),
    )
