<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>counter</name>
    <message>
        <source>Menunggu</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Dipanggil</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Sedang dilayani</source>
        <translation>Being served</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Tidak hadir</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Kedaluwarsa</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Jeda</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Berikutnya</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Panggil ulang</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Mulai layanan</source>
        <translation>Start service</translation>
    </message>
    <message>
        <source>Alihkan</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Panggil nomor</source>
        <translation>Call number</translation>
    </message>
    <message>
        <source>Kembalikan ke antrean</source>
        <translation>Back to the queue</translation>
    </message>
    <message>
        <source>Kembalikan
ke antrean</source>
        <translation>Back to
the queue</translation>
    </message>
    <message>
        <source>Istirahat</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>Sholat</source>
        <translation>Prayer</translation>
    </message>
    <message>
        <source>Rapat</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source> · panggilan ke-{n}</source>
        <translation> · call no. {n}</translation>
    </message>
    <message>
        <source>Menunggu: {n}</source>
        <translation>Waiting: {n}</translation>
    </message>
    <message>
        <source>Menunggu: {n} · ★ prioritas {priority}</source>
        <translation>Waiting: {n} · ★ priority {priority}</translation>
    </message>
    <message>
        <source>&lt; 1 menit</source>
        <translation>&lt; 1 min</translation>
    </message>
    <message>
        <source>{hours} jam {minutes} menit</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{hours} jam</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>{minutes} menit</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{hours} j {minutes} m</source>
        <translation>{hours} h {minutes} m</translation>
    </message>
    <message>
        <source>{minutes} mnt</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>Antre — Loket</source>
        <translation>Antre — Counter</translation>
    </message>
    <message>
        <source>Masuk dengan akun petugas Anda.</source>
        <translation>Log in with your staff account.</translation>
    </message>
    <message>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Masuk  (Enter)</source>
        <translation>Log in  (Enter)</translation>
    </message>
    <message>
        <source>Memeriksa…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>{counter} tadi masih terbuka atas nama {clerk}; sekarang atas nama Anda.</source>
        <translation>{counter} was still open for {clerk}; it is now yours.</translation>
    </message>
    <message>
        <source>Melanjutkan tiket {code}.</source>
        <translation>Continuing ticket {code}.</translation>
    </message>
    <message>
        <source>{counter} dibuka. Tekan Berikutnya (F1) untuk memanggil.</source>
        <translation>{counter} is open. Press Next (F1) to call.</translation>
    </message>
    <message>
        <source>Ketik atau pindai nomor antrean dulu, lalu tekan Enter.</source>
        <translation>Type or scan a queue number first, then press Enter.</translation>
    </message>
    <message>
        <source>Ketik atau pindai nomor yang tidak hadir tadi, lalu tekan Kembalikan ke antrean (F8).</source>
        <translation>Type or scan the number that was a no-show, then press Back to the queue (F8).</translation>
    </message>
    <message>
        <source>Selesaikan, alihkan atau tandai tidak hadir tiket {code} sebelum keluar.</source>
        <translation>Finish, transfer or mark ticket {code} as a no-show before logging out.</translation>
    </message>
    <message>
        <source>Basis data belum tersambung; tindakan tidak dikirim. Tunggu sebentar.</source>
        <translation>The database is not connected yet; the action was not sent. Please wait a moment.</translation>
    </message>
    <message>
        <source>Basis data belum menjawab. Tindakan masih menunggu; jangan ulangi.</source>
        <translation>The database has not answered yet. The action is still pending; do not repeat it.</translation>
    </message>
    <message>
        <source>{code} sudah dilayani, jadi tidak perlu dipanggil ulang. Tekan Selesai (F4) bila sudah.</source>
        <translation>{code} is already being served, so there is no need to recall it. Press Done (F4) when finished.</translation>
    </message>
    <message>
        <source>Basis data tidak terhubung; tindakan tidak dijalankan. Coba lagi setelah tersambung.</source>
        <translation>The database is not connected; the action was not run. Try again once connected.</translation>
    </message>
    <message>
        <source>Tersambung kembali ke basis data.</source>
        <translation>Connected to the database again.</translation>
    </message>
    <message>
        <source>Basis data tidak terhubung. Tombol ditahan sampai tersambung kembali; tidak ada tindakan yang hilang.</source>
        <translation>The database is not connected. The buttons wait until it is back; no action is lost.</translation>
    </message>
    <message>
        <source>{code} dicatat tidak hadir (layanannya belum dimulai).</source>
        <translation>{code} recorded as a no-show (its service had not started).</translation>
    </message>
    <message>
        <source>{code} selesai.</source>
        <translation>{code} done.</translation>
    </message>
    <message>
        <source>Tidak ada yang menunggu.</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <source>Memanggil {code} — {service}.</source>
        <translation>Calling {code} — {service}.</translation>
    </message>
    <message>
        <source>{code} dipanggil ulang (panggilan ke-{n}).</source>
        <translation>{code} recalled (call no. {n}).</translation>
    </message>
    <message>
        <source>{code} mulai dilayani.</source>
        <translation>{code} is being served.</translation>
    </message>
    <message>
        <source>{code} selesai dilayani.</source>
        <translation>{code} has been served.</translation>
    </message>
    <message>
        <source>{code} dicatat tidak hadir. Bila datang kembali: ketik nomornya, lalu Kembalikan ke antrean (F8).</source>
        <translation>{code} recorded as a no-show. If they come back: type the number, then Back to the queue (F8).</translation>
    </message>
    <message>
        <source>{code} dialihkan ke {service} ({agency}).</source>
        <translation>{code} transferred to {service} ({agency}).</translation>
    </message>
    <message>
        <source>{code} masuk antrean lagi.</source>
        <translation>{code} is back in the queue.</translation>
    </message>
    <message>
        <source>{name} jeda ({reason}). Tekan Lanjutkan bila siap.</source>
        <translation>{name} paused ({reason}). Press Resume when ready.</translation>
    </message>
    <message>
        <source>{name} ditutup. Tekan Buka loket untuk melayani lagi.</source>
        <translation>{name} closed. Press Open counter to serve again.</translation>
    </message>
    <message>
        <source>{name} buka. Tekan Berikutnya (F1) untuk memanggil.</source>
        <translation>{name} open. Press Next (F1) to call.</translation>
    </message>
    <message>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Prioritas</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Tunggu</source>
        <translation>Wait</translation>
    </message>
    <message>
        <source>Dipanggil berikutnya (F1) · </source>
        <translation>Called next (F1) · </translation>
    </message>
    <message>
        <source>diambil {time}</source>
        <translation>taken at {time}</translation>
    </message>
    <message>
        <source>Pilih loket</source>
        <translation>Choose a counter</translation>
    </message>
    <message>
        <source>Tampilan supervisor</source>
        <translation>Supervisor view</translation>
    </message>
    <message>
        <source>Keluar</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Selamat datang, {name}. Pilih loket Anda:</source>
        <translation>Welcome, {name}. Choose your counter:</translation>
    </message>
    <message>
        <source>{name}: belum ada loket untuk akun ini. Hubungi admin.</source>
        <translation>{name}: this account has no counter yet. Please contact the admin.</translation>
    </message>
    <message>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Membuka loket…</source>
        <translation>Opening the counter…</translation>
    </message>
    <message>
        <source>Jeda ▾</source>
        <translation>Pause ▾</translation>
    </message>
    <message>
        <source>Tutup loket (tetap masuk)</source>
        <translation>Close the counter (stay logged in)</translation>
    </message>
    <message>
        <source>Lanjutkan</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Mode mini ({key})</source>
        <translation>Mini mode ({key})</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Keluar (tutup loket)</source>
        <translation>Log out (close the counter)</translation>
    </message>
    <message>
        <source>TIKET SAAT INI</source>
        <translation>CURRENT TICKET</translation>
    </message>
    <message>
        <source>{label} — tombol {keys}</source>
        <translation>{label} — keys {keys}</translation>
    </message>
    <message>
        <source>Nomor (A012) atau pindai QR</source>
        <translation>Number (A012) or scan the QR</translation>
    </message>
    <message>
        <source>Ketik nomor antrean atau pindai QR tiket, lalu Enter untuk memanggilnya</source>
        <translation>Type a queue number or scan the ticket&apos;s QR, then Enter to call it</translation>
    </message>
    <message>
        <source>Daftar ini berurutan seperti panggilan Berikutnya (F1): baris ▶ dipanggil lebih dulu.</source>
        <translation>This list runs in the order Next (F1) calls: the ▶ row is called first.</translation>
    </message>
    <message>
        <source>Petugas: {name}</source>
        <translation>Clerk: {name}</translation>
    </message>
    <message>
        <source>Buka loket</source>
        <translation>Open counter</translation>
    </message>
    <message>
        <source>Belum ada tiket</source>
        <translation>No ticket yet</translation>
    </message>
    <message>
        <source>Tekan Berikutnya (F1) untuk memanggil nomor berikutnya.</source>
        <translation>Press Next (F1) to call the next number.</translation>
    </message>
    <message>
        <source> · Prioritas: {name}</source>
        <translation> · Priority: {name}</translation>
    </message>
    <message>
        <source>Diambil {taken} · menunggu {waited} · dipanggil {n}×</source>
        <translation>Taken {taken} · waited {waited} · called {n}×</translation>
    </message>
    <message>
        <source>Hari ini di loket ini: dilayani {served} · tidak hadir {no_show} · menunggu {waiting}</source>
        <translation>Today at this counter: served {served} · no-show {no_show} · waiting {waiting}</translation>
    </message>
    <message>
        <source>Koneksi terputus; tombol ditahan.</source>
        <translation>Connection lost; buttons on hold.</translation>
    </message>
    <message>
        <source>Ketik atau pindai nomor antrean, lalu tekan Enter.</source>
        <translation>Type or scan a queue number, then press Enter.</translation>
    </message>
    <message>
        <source>Alihkan ke layanan</source>
        <translation>Transfer to a service</translation>
    </message>
    <message>
        <source>Alihkan tiket ke layanan:</source>
        <translation>Transfer the ticket to:</translation>
    </message>
    <message>
        <source>Cari layanan atau instansi…</source>
        <translation>Search for a service or agency…</translation>
    </message>
    <message>
        <source>Batal (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Alihkan (Enter)</source>
        <translation>Transfer (Enter)</translation>
    </message>
    <message>
        <source>Alihkan {code} ({service}) ke layanan:</source>
        <translation>Transfer {code} ({service}) to:</translation>
    </message>
    <message>
        <source>Antre — Loket (mini)</source>
        <translation>Antre — Counter (mini)</translation>
    </message>
    <message>
        <source>Layar penuh</source>
        <translation>Full screen</translation>
    </message>
</context>
</TS>
