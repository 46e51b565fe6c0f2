<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>kiosk</name>
    <message>
        <source>Ambil Nomor Antrean</source>
        <translation>Take a Queue Number</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Bahasa Indonesia</translation>
    </message>
    <message>
        <source>Silakan pilih instansi tujuan Anda</source>
        <translation>Please choose the agency you are visiting</translation>
    </message>
    <message>
        <source>Pilih layanan</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <source>‹  Kembali</source>
        <translation>‹  Back</translation>
    </message>
    <message>
        <source>‹  Sebelumnya</source>
        <translation>‹  Previous</translation>
    </message>
    <message>
        <source>Berikutnya  ›</source>
        <translation>Next  ›</translation>
    </message>
    <message>
        <source>Halaman {page} dari {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>{n} menunggu</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <source>Tidak ada antrean</source>
        <translation>No one waiting</translation>
    </message>
    <message>
        <source>Sedang tutup</source>
        <translation>Closed now</translation>
    </message>
    <message>
        <source>{n} menunggu · {wait}</source>
        <translation>{n} waiting · {wait}</translation>
    </message>
    <message>
        <source>Jam {hours}</source>
        <translation>Hours {hours}</translation>
    </message>
    <message>
        <source>Sisa kuota: {n}</source>
        <translation>Numbers left today: {n}</translation>
    </message>
    <message>
        <source>Tidak tersedia saat ini.</source>
        <translation>Not available now.</translation>
    </message>
    <message>
        <source>Cari instansi atau layanan  ›</source>
        <translation>Search for an agency or service  ›</translation>
    </message>
    <message>
        <source>Ketik di sini…</source>
        <translation>Type here…</translation>
    </message>
    <message>
        <source>Ketik nama instansi, singkatan, atau layanan yang Anda cari.</source>
        <translation>Type the name of the agency, its abbreviation, or the service you need.</translation>
    </message>
    <message>
        <source>{n} ditemukan. Sentuh untuk memilih.</source>
        <translation>{n} found. Tap one to choose it.</translation>
    </message>
    <message>
        <source>{n} ditemukan, {shown} ditampilkan. Ketik lebih banyak huruf.</source>
        <translation>{n} found, {shown} shown. Type more letters.</translation>
    </message>
    <message>
        <source>Tidak ditemukan. Coba kata lain.</source>
        <translation>Nothing found. Try another word.</translation>
    </message>
    <message>
        <source>Layanan: {names}</source>
        <translation>Services: {names}</translation>
    </message>
    <message>
        <source>Spasi</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>⌫  Hapus</source>
        <translation>⌫  Delete</translation>
    </message>
    <message>
        <source>Kosongkan</source>
        <translation>Clear all</translation>
    </message>
    <message>
        <source>Mohon tunggu, nomor antrean Anda sedang dibuat…</source>
        <translation>Please wait, your number is being made…</translation>
    </message>
    <message>
        <source>Lansia, disabilitas, ibu hamil, atau membawa balita?  Pilih di sini  ›</source>
        <translation>Elderly, disabled, pregnant, or with a small child?  Tap here  ›</translation>
    </message>
    <message>
        <source>Nomor prioritas: {name}</source>
        <translation>Priority number: {name}</translation>
    </message>
    <message>
        <source>sekarang pilih instansi</source>
        <translation>now choose the agency</translation>
    </message>
    <message>
        <source>sekarang pilih layanan</source>
        <translation>now choose the service</translation>
    </message>
    <message>
        <source>Batalkan prioritas</source>
        <translation>Cancel priority</translation>
    </message>
    <message>
        <source>Layanan prioritas</source>
        <translation>Priority service</translation>
    </message>
    <message>
        <source>Pilih yang sesuai. Petugas dapat meminta Anda menunjukkan bukti.</source>
        <translation>Choose what applies to you. Staff may ask for proof.</translation>
    </message>
    <message>
        <source>Bukan prioritas</source>
        <translation>Not priority</translation>
    </message>
    <message>
        <source>Nomor antrean Anda</source>
        <translation>Your queue number</translation>
    </message>
    <message>
        <source>Perkiraan tunggu melewati jam tutup layanan ({time}).</source>
        <translation>The estimated wait runs past the service&apos;s closing time ({time}).</translation>
    </message>
    <message>
        <source>Tidak ada antrean di depan Anda.</source>
        <translation>No one is ahead of you.</translation>
    </message>
    <message>
        <source>Di depan Anda: {n} orang · perkiraan tunggu {wait}</source>
        <translation>Ahead of you: {n} · estimated wait {wait}</translation>
    </message>
    <message>
        <source>Struk sedang dicetak…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Silakan ambil struk Anda, lalu duduk dan tunggu nomor Anda dipanggil.</source>
        <translation>Please take your ticket, then sit and wait for your number to be called.</translation>
    </message>
    <message>
        <source>Struk ditampilkan di layar. Silakan tunggu nomor Anda dipanggil.</source>
        <translation>Your ticket is shown on screen. Please wait for your number to be called.</translation>
    </message>
    <message>
        <source>Silakan foto atau catat nomor Anda</source>
        <translation>Please take a photo of or write down your number</translation>
    </message>
    <message>
        <source>Struk tidak dapat dicetak. Nomor Anda tetap berlaku; tunjukkan nomor atau kode QR ini di loket.</source>
        <translation>The ticket could not be printed. Your number is still valid; show this number or QR code at the counter.</translation>
    </message>
    <message>
        <source>Nomor Anda berlaku tanpa struk; tunjukkan nomor atau kode QR ini di loket.</source>
        <translation>Your number is valid without a ticket; show this number or QR code at the counter.</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Layar kembali ke menu awal dalam beberapa detik.</source>
        <translation>The screen returns to the start in a few seconds.</translation>
    </message>
    <message>
        <source>Mohon maaf</source>
        <translation>We are sorry</translation>
    </message>
    <message>
        <source>Kembali ke menu awal</source>
        <translation>Back to the start</translation>
    </message>
    <message>
        <source>Printer struk sedang bermasalah</source>
        <translation>The ticket printer has a problem</translation>
    </message>
    <message>
        <source>{reason}
Anda tetap dapat mengambil nomor; nomor akan ditampilkan di layar untuk difoto atau dicatat.</source>
        <translation>{reason}
You can still take a number; it will be shown on screen for you to photograph or write down.</translation>
    </message>
    <message>
        <source>Kertas struk habis.</source>
        <translation>The ticket paper has run out.</translation>
    </message>
    <message>
        <source>Printer struk sedang tidak dapat mencetak.</source>
        <translation>The ticket printer cannot print right now.</translation>
    </message>
    <message>
        <source>Ambil nomor tanpa struk</source>
        <translation>Take a number without a ticket</translation>
    </message>
    <message>
        <source>Printer struk sudah siap lagi</source>
        <translation>The ticket printer is ready again</translation>
    </message>
    <message>
        <source>Silakan ambil nomor Anda dengan struk.</source>
        <translation>Please take your number with a ticket.</translation>
    </message>
    <message>
        <source>Ambil nomor dengan struk</source>
        <translation>Take a number with a ticket</translation>
    </message>
    <message>
        <source>Mohon tunggu sebentar atau hubungi petugas.
Sistem mencoba menyambung kembali.</source>
        <translation>Please wait a moment or ask a staff member.
The system is reconnecting.</translation>
    </message>
    <message>
        <source>Menyiapkan layanan…</source>
        <translation>Getting ready…</translation>
    </message>
    <message>
        <source>Mohon tunggu</source>
        <translation>Please wait</translation>
    </message>
</context>
</TS>
