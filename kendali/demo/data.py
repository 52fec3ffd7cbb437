"""The demo city: Kota Bandung, its command center, agencies, categories, people and the words
citizens use. Names of places are real; people, phone numbers and addresses of the demo are not.
"""

from __future__ import annotations

from pathlib import Path

AREAS_FILE = Path(__file__).parent / "data" / "bandung-areas.geojson"
DEMO_PASSWORD = "kendali-demo"

CITY = {
    "name": "Kota Bandung",
    "slug": "bandung",
    "province": "Jawa Barat",
    "latitude": -6.914,
    "longitude": 107.630,
    "zoom": 12,
    "command_center_name": "Bandung Command Center",
    "tagline_ind": "Pusat kendali layanan publik Kota Bandung: lapor, pantau, tuntas.",
    "tagline_en": "Bandung's public-service command center: report, follow, resolved.",
    "tagline_su": "Puseur kendali layanan publik Kota Bandung: lapor, pantau, réngsé.",
    "regulation": (
        "Peraturan Wali Kota Bandung Nomor 20 Tahun 2022 tentang Tata Kelola Command Center"
    ),
    "about_ind": (
        "**Bandung Command Center** (BCC) adalah pusat kendali Pemerintah Kota Bandung untuk "
        "memantau layanan publik dan menanggapi masalah kota dengan cepat. Sejak 2015, BCC "
        "menyatukan laporan warga, kamera CCTV, armada layanan (pemadam kebakaran, ambulans, "
        "bus, truk sampah) dan kinerja perangkat daerah di satu ruang kendali.\n\n"
        "Setiap laporan warga diverifikasi oleh operator, lalu didisposisikan ke perangkat "
        "daerah yang berwenang. Perangkat daerah menindaklanjuti dan melaporkan hasilnya, "
        "dan Anda dapat memantau setiap langkah dengan nomor tiket.\n\n"
        "### Yang kami janjikan\n\n"
        "- Laporan diverifikasi paling lambat **3 hari kerja**.\n"
        "- Perangkat daerah menindaklanjuti paling lambat **5 hari kerja** setelah disposisi.\n"
        "- Identitas dan kontak pelapor tidak pernah dipublikasikan.\n\n"
        "Untuk keadaan darurat (kebakaran, kecelakaan, bencana) hubungi **112**."
    ),
    "about_su": (
        "**Bandung Command Center** (BCC) nyaéta rohangan kendali Pamaréntah Kota Bandung pikeun "
        "ngawas layanan publik sarta gancang ngaréspon laporan warga. Laporan anjeun langsung "
        "katingali ku operator, diverifikasi, teras dikintunkeun ka perangkat daérah anu "
        "tanggel waler.\n\n"
        "- Identitas sareng kontak palapor henteu kantos dipublikasikeun.\n\n"
        "Pikeun kaayaan darurat (kahuruan, kacilakaan, bencana) hubungi **112**."
    ),
    "about_en": (
        "**Bandung Command Center** (BCC) is the City of Bandung's control room for watching "
        "public services and responding quickly to the city's problems. Since 2015 it brings "
        "together citizens' reports, CCTV cameras, service fleets (fire engines, ambulances, "
        "buses, garbage trucks) and the performance of city agencies in one room.\n\n"
        "Every report is verified by an operator and then assigned to the responsible agency. "
        "The agency follows it up and reports the result, and you can follow every step with "
        "your ticket number.\n\n"
        "### What we promise\n\n"
        "- Reports are verified within **3 working days**.\n"
        "- Agencies follow up within **5 working days** of assignment.\n"
        "- Reporters' identities and contact details are never published.\n\n"
        "In an emergency (fire, accident, disaster) call **112**."
    ),
    "organisation_ind": (
        "BCC dikelola oleh **Dinas Komunikasi dan Informatika (Diskominfo) Kota Bandung**.\n\n"
        "| Unsur | Tugas |\n|---|---|\n"
        "| Kepala Command Center | penanggung jawab operasional |\n"
        "| Supervisor jaga | memimpin shift, menyetujui peringatan, eskalasi |\n"
        "| Operator (24 jam, 3 shift) | verifikasi dan disposisi laporan, pemantauan CCTV |\n"
        "| Penghubung perangkat daerah | menindaklanjuti disposisi di tiap OPD |\n"
    ),
    "organisation_en": (
        "BCC is run by the **Communication and Informatics Office (Diskominfo) of Bandung**.\n\n"
        "| Role | Task |\n|---|---|\n"
        "| Head of the Command Center | responsible for operations |\n"
        "| Shift supervisor | leads the shift, approves warnings, escalations |\n"
        "| Operators (24 hours, 3 shifts) | verify and assign reports, watch CCTV |\n"
        "| Agency liaisons | follow up assignments in each agency |\n"
    ),
    "address": "Balai Kota Bandung, Jl. Wastukencana No. 2, Bandung 40117",
    "phone": "(022) 0000-0112 (nomor demo)",
    "email": "command-center@bandung.example",
    "emergency_number": "112",
}

# (code, short name, full name, what it does)
AGENCIES = [
    ("dsdabm", "DSDABM", "Dinas Sumber Daya Air dan Bina Marga", "Jalan, jembatan, drainase dan sungai."),
    ("dishub", "Dishub", "Dinas Perhubungan", "Lalu lintas, lampu lalu lintas, parkir dan angkutan umum."),
    ("dlh", "DLH", "Dinas Lingkungan Hidup", "Sampah, kebersihan dan pencemaran lingkungan."),
    ("diskarpb", "Diskar PB", "Dinas Kebakaran dan Penanggulangan Bencana", "Pemadaman kebakaran, penyelamatan dan evakuasi."),
    ("dinkes", "Dinkes", "Dinas Kesehatan", "Layanan kesehatan, wabah dan sanitasi."),
    ("satpolpp", "Satpol PP", "Satuan Polisi Pamong Praja", "Ketertiban umum, PKL dan bangunan liar."),
    ("bpbd", "BPBD", "Badan Penanggulangan Bencana Daerah", "Banjir, longsor dan kesiapsiagaan bencana."),
    ("dinsos", "Dinsos", "Dinas Sosial", "Penyandang masalah kesejahteraan sosial (PMKS)."),
    ("pdam", "PDAM Tirtawening", "Perumda Air Minum Tirtawening", "Air bersih dan jaringan pipa."),
    ("dpkp", "DPKP", "Dinas Perumahan dan Kawasan Permukiman", "Penerangan jalan umum, taman dan pohon."),
    ("disdukcapil", "Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "KTP, KK dan akta."),
    ("diskominfo", "Diskominfo", "Dinas Komunikasi dan Informatika", "Pengelola Bandung Command Center."),
]  # fmt: skip

# Sundanese descriptions of the categories (the English ones are left to fall back).
CATEGORY_DESCRIPTIONS_SU = {
    "jalan-rusak": "Jalan bolong, retak atawa amblas.",
    "drainase": "Solokan atawa gorong-gorong mampet.",
    "banjir": "Genangan atawa caah di jalan jeung padumukan.",
    "pju-mati": "Lampu jalan umum pareum atawa kedip-kedip.",
    "pohon-tumbang": "Tangkal rubuh, dahan potong, atawa tangkal anu rawan rubuh.",
    "sampah": "Runtah teu kaangkut atawa TPS liar.",
    "kebakaran": "Kahuruan imah, wangunan atawa lahan.",
}

# (code, name id, name en, name su, agency, priority, weight in the simulator, description id)
CATEGORIES = [
    ("jalan-rusak", "Jalan rusak", "Damaged road", "Jalan ruksak", "dsdabm", "normal", 14, "Jalan berlubang, retak atau amblas."),
    ("drainase", "Drainase tersumbat", "Blocked drain", "Solokan mampet", "dsdabm", "normal", 8, "Selokan atau gorong-gorong tersumbat."),
    ("banjir", "Banjir / genangan", "Flood / standing water", "Caah / genangan", "dsdabm", "high", 7, "Genangan atau banjir di jalan dan permukiman."),
    ("pju-mati", "PJU mati", "Street light out", "Lampu jalan pareum", "dpkp", "normal", 10, "Lampu penerangan jalan umum mati atau berkedip."),
    ("pohon-tumbang", "Pohon tumbang / rawan", "Fallen or unsafe tree", "Tangkal rubuh", "dpkp", "high", 5, "Pohon tumbang, dahan patah, atau pohon rawan tumbang."),
    ("sampah", "Sampah menumpuk", "Uncollected rubbish", "Runtah numpuk", "dlh", "normal", 14, "Sampah tidak terangkut atau TPS liar."),
    ("pencemaran", "Pencemaran lingkungan", "Pollution", "Pencemaran", "dlh", "normal", 3, "Limbah, bau menyengat, asap atau air sungai tercemar."),
    ("kemacetan", "Kemacetan", "Traffic jam", "Macet", "dishub", "normal", 6, "Kemacetan parah atau perlu pengaturan lalu lintas."),
    ("lampu-lalin", "Lampu lalu lintas rusak", "Broken traffic light", "Lampu lalin ruksak", "dishub", "high", 4, "Lampu lalu lintas mati atau tidak normal."),
    ("parkir-liar", "Parkir liar", "Illegal parking", "Parkir liar", "dishub", "low", 5, "Kendaraan parkir di tempat terlarang atau juru parkir liar."),
    ("kebakaran", "Kebakaran", "Fire", "Kahuruan", "diskarpb", "urgent", 2, "Kebakaran rumah, lahan, kendaraan atau gedung."),
    ("pkl", "Pedagang kaki lima", "Street vendors", "PKL", "satpolpp", "low", 5, "PKL di trotoar, badan jalan atau zona terlarang."),
    ("pmks", "PMKS / gelandangan", "People in need on the street", "PMKS", "dinsos", "normal", 3, "Gelandangan, pengemis, anak jalanan atau ODGJ terlantar."),
    ("pipa-air-bocor", "Pipa air bocor", "Leaking water main", "Pipa cai bocor", "pdam", "normal", 6, "Pipa PDAM bocor atau air tidak mengalir."),
    ("kesehatan", "Kesehatan lingkungan / DBD", "Public health / dengue", "Kaséhatan", "dinkes", "normal", 3, "Sarang nyamuk, kasus DBD, atau sanitasi buruk."),
    ("fasilitas-umum", "Fasilitas umum rusak", "Damaged public facility", "Fasilitas umum ruksak", "dpkp", "low", 5, "Taman, trotoar, halte atau bangku umum rusak."),
]  # fmt: skip

# Flood-prone eastern and southern kecamatan: floods there go to the disaster agency.
ROUTING = [
    ("banjir", "bdg-gedebage", "bpbd"),
    ("banjir", "bdg-rancasari", "bpbd"),
    ("banjir", "bdg-bandung-kidul", "bpbd"),
    ("banjir", "bdg-bojongloa-kidul", "bpbd"),
    ("pohon-tumbang", "bdg-coblong", "diskarpb"),
    ("pohon-tumbang", "bdg-cidadap", "diskarpb"),
]

# (username, role, agency, first name, last name)
USERS = [
    ("operator", "operator", None, "Rina", "Operator"),
    ("supervisor", "supervisor", None, "Asep", "Supervisor"),
    ("admin", "admin", None, "Dewi", "Diskominfo"),
    ("pimpinan", "executive", None, "Bapak", "Sekda"),
    ("auditor", "auditor", None, "Inspektorat", "Auditor"),
    ("dsdabm.admin", "agency_admin", "dsdabm", "Hendra", "DSDABM"),
    ("dsdabm.petugas", "agency_officer", "dsdabm", "Ujang", "DSDABM"),
    ("dlh.petugas", "agency_officer", "dlh", "Siti", "DLH"),
    ("dishub.petugas", "agency_officer", "dishub", "Yusuf", "Dishub"),
    ("dpkp.petugas", "agency_officer", "dpkp", "Agus", "DPKP"),
    ("diskarpb.petugas", "agency_officer", "diskarpb", "Rudi", "Diskar PB"),
    ("satpolpp.petugas", "agency_officer", "satpolpp", "Dedi", "Satpol PP"),
    ("bpbd.petugas", "agency_officer", "bpbd", "Nina", "BPBD"),
    ("dinsos.petugas", "agency_officer", "dinsos", "Lilis", "Dinsos"),
    ("pdam.petugas", "agency_officer", "pdam", "Iwan", "PDAM"),
    ("dinkes.petugas", "agency_officer", "dinkes", "Rani", "Dinkes"),
]

STREETS = [
    "Jl. Asia Afrika", "Jl. Braga", "Jl. Ir. H. Juanda (Dago)", "Jl. Soekarno-Hatta", "Jl. Pasteur",
    "Jl. Cihampelas", "Jl. R.E. Martadinata (Riau)", "Jl. Merdeka", "Jl. Buah Batu",
    "Jl. Kiaracondong", "Jl. Pasirkaliki", "Jl. Setiabudi", "Jl. Sukajadi", "Jl. Gatot Subroto",
    "Jl. A.H. Nasution", "Jl. Terusan Jakarta", "Jl. Kopo", "Jl. Moh. Toha", "Jl. Dipatiukur",
    "Jl. Tamansari", "Jl. Cipaganti", "Jl. Jakarta", "Jl. Pelajar Pejuang 45", "Jl. Peta",
    "Jl. Cibaduyut", "Jl. Cicaheum", "Jl. Ujungberung Raya", "Jl. Gedebage Selatan",
    "Jl. Rumah Sakit", "Jl. Sudirman", "Jl. Otista", "Jl. Lengkong Besar", "Jl. Burangrang",
    "Jl. Pajajaran", "Jl. Cikutra", "Jl. Surapati", "Jl. Padasuka", "Jl. Arcamanik",
]  # fmt: skip

LANDMARKS = [
    "depan minimarket", "dekat masjid", "seberang SD negeri", "dekat halte", "depan puskesmas",
    "dekat pertigaan", "samping pos ronda", "dekat jembatan", "depan pasar", "dekat gang masuk",
    "depan kantor kelurahan", "dekat lampu merah", "samping warung kopi", "dekat bengkel motor",
]  # fmt: skip

DESCRIPTIONS = {
    "jalan-rusak": [
        "Jalan berlubang cukup dalam di {street}, {landmark}. Sudah {days} hari belum diperbaiki dan sering bikin pengendara motor hampir jatuh, apalagi malam hari.",
        "Aspal amblas sekitar satu meter di {street} {landmark}. Kalau hujan lubangnya tertutup genangan jadi tidak kelihatan.",
        "Banyak lubang di sepanjang {street}, {landmark}. Mohon segera ditambal sebelum ada korban.",
    ],
    "drainase": [
        "Selokan di {street} {landmark} tersumbat sampah dan lumpur, air meluap ke jalan setiap hujan.",
        "Gorong-gorong {landmark} di {street} mampet, air tidak mengalir dan mulai bau.",
    ],
    "banjir": [
        "Genangan setinggi {depth} cm di {street} {landmark} setelah hujan deras. Motor banyak yang mogok.",
        "Air masuk ke rumah warga di gang {landmark} dekat {street}, tinggi sekitar {depth} cm. Mohon bantuan.",
        "Banjir lagi di {street}, {landmark}. Saluran tidak mampu menampung air hujan.",
    ],
    "pju-mati": [
        "Lampu PJU di {street} {landmark} mati sudah {days} malam. Jalan jadi gelap dan rawan kejahatan.",
        "Tiga tiang lampu jalan berturut-turut mati di {street}, {landmark}.",
        "Lampu jalan {landmark} di {street} berkedip-kedip terus, kadang mati total.",
    ],
    "pohon-tumbang": [
        "Pohon besar tumbang menutupi sebagian {street} {landmark} setelah angin kencang.",
        "Dahan pohon di {street} {landmark} sudah retak dan menggantung di atas jalan, rawan jatuh.",
    ],
    "sampah": [
        "Sampah menumpuk di {street} {landmark}, sudah {days} hari tidak diangkut. Bau sekali dan banyak lalat.",
        "Ada TPS liar di pinggir {street} {landmark}. Warga buang sampah sembarangan setiap malam.",
        "Kontainer sampah {landmark} di {street} penuh dan sampahnya tumpah ke jalan.",
    ],
    "pencemaran": [
        "Air sungai dekat {street} {landmark} berwarna hitam dan berbau, diduga limbah pabrik.",
        "Ada pembakaran sampah setiap sore {landmark} di {street}, asapnya masuk ke rumah warga.",
    ],
    "kemacetan": [
        "Macet total di {street} {landmark} sejak pagi, tidak ada petugas yang mengatur.",
        "Simpang {street} {landmark} selalu macet jam pulang kerja, perlu pengaturan lalu lintas.",
    ],
    "lampu-lalin": [
        "Lampu lalu lintas di simpang {street} mati, kendaraan saling serobot.",
        "Lampu merah {landmark} di {street} menyala merah terus di semua arah.",
    ],
    "parkir-liar": [
        "Banyak mobil parkir di bahu {street} {landmark} sehingga jalan menyempit dan macet.",
        "Juru parkir liar memungut tarif tinggi di {street} {landmark}.",
    ],
    "kebakaran": [
        "Ada asap tebal dan api dari rumah di gang dekat {street} {landmark}! Mohon segera kirim pemadam.",
        "Kebakaran lahan kosong di {street} {landmark}, api mulai mendekati permukiman.",
    ],
    "pkl": [
        "PKL berjualan di trotoar {street} {landmark}, pejalan kaki terpaksa turun ke jalan.",
        "Lapak PKL memakan badan jalan di {street} {landmark} setiap sore.",
    ],
    "pmks": [
        "Ada orang tua terlantar tidur di trotoar {street} {landmark} beberapa hari ini, tampak sakit.",
        "Anak-anak mengemis di lampu merah {street} sampai larut malam.",
    ],
    "pipa-air-bocor": [
        "Pipa PDAM bocor di {street} {landmark}, air menyembur ke jalan sejak {days} hari lalu.",
        "Air PDAM tidak mengalir di rumah-rumah sekitar {street} {landmark} sudah {days} hari.",
    ],
    "kesehatan": [
        "Ada {count} warga di sekitar {street} {landmark} terkena DBD bulan ini, mohon fogging.",
        "Genangan di lahan kosong {landmark} {street} jadi sarang nyamuk.",
    ],
    "fasilitas-umum": [
        "Bangku dan lampu taman {landmark} di {street} rusak.",
        "Trotoar di {street} {landmark} banyak ubin yang lepas, membahayakan pejalan kaki.",
        "Atap halte {landmark} di {street} bocor dan kursinya patah.",
    ],
}

RESOLUTIONS = {
    "jalan-rusak": "Lubang sudah ditambal dengan aspal hotmix oleh tim UPT Jalan.",
    "drainase": "Saluran sudah dibersihkan dari sampah dan sedimen, aliran air kembali normal.",
    "banjir": "Genangan sudah surut. Tim membersihkan saluran dan memasang pompa sementara.",
    "pju-mati": "Lampu sudah diganti dan menyala kembali.",
    "pohon-tumbang": "Pohon sudah dipotong dan dievakuasi, jalan kembali bisa dilalui.",
    "sampah": "Sampah sudah diangkut dan lokasi dibersihkan. Papan larangan membuang sampah dipasang.",
    "pencemaran": "Sudah dilakukan pengecekan dan teguran kepada pihak terkait; sampel air diuji.",
    "kemacetan": "Petugas Dishub sudah diterjunkan untuk mengatur lalu lintas.",
    "lampu-lalin": "Lampu lalu lintas sudah diperbaiki dan berfungsi normal.",
    "parkir-liar": "Kendaraan sudah ditertibkan dan juru parkir liar diberi peringatan.",
    "kebakaran": "Api sudah dipadamkan oleh Diskar PB. Tidak ada korban jiwa.",
    "pkl": "PKL sudah ditertibkan dan diarahkan ke lokasi binaan.",
    "pmks": "Yang bersangkutan sudah dijangkau petugas dan dibawa ke rumah singgah Dinsos.",
    "pipa-air-bocor": "Pipa sudah diperbaiki dan aliran air kembali normal.",
    "kesehatan": "Fogging dan pemberantasan sarang nyamuk sudah dilakukan bersama kader.",
    "fasilitas-umum": "Fasilitas sudah diperbaiki oleh tim pemeliharaan.",
}

REJECTIONS = [
    "Lokasi berada di luar wilayah Kota Bandung; laporan diteruskan ke Kabupaten Bandung.",
    "Laporan tidak jelas dan pelapor tidak bisa dihubungi untuk konfirmasi.",
    "Jalan tersebut merupakan jalan nasional; kewenangan Balai Besar Pelaksanaan Jalan Nasional.",
    "Laporan berisi iklan, bukan pengaduan layanan publik.",
]

HOLD_QUESTIONS = [
    "Mohon kirimkan patokan lokasi yang lebih jelas (nomor rumah atau nama gang).",
    "Mohon lampirkan foto kondisi terbaru di lokasi.",
]

FIRST_NAMES = [
    "Budi", "Siti", "Agus", "Dewi", "Rizky", "Nur", "Andi", "Wulan", "Dadang", "Euis", "Cecep",
    "Neneng", "Yayan", "Rina", "Fajar", "Ayu", "Ujang", "Iis", "Hendra", "Tati", "Asep", "Lina",
]  # fmt: skip
LAST_NAMES = [
    "Setiawan", "Rahmawati", "Hidayat", "Kurniawan", "Suryana", "Permana", "Nurhayati",
    "Gunawan", "Sulastri", "Saputra", "Maulana", "Lestari", "Firmansyah", "Sopandi",
]  # fmt: skip

CHANNEL_WEIGHTS = {"web": 40, "api": 25, "phone": 12, "whatsapp": 10, "social": 8, "panic": 5}
