<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>display</name>
    <message>
        <source>● suara mati</source>
        <translation>● voice off</translation>
    </message>
    <message>
        <source>istirahat</source>
        <translation>on break</translation>
    </message>
    <message>
        <source>Antre — Layar Antrean</source>
        <translation>Antre — Queue Board</translation>
    </message>
    <message>
        <source>● Koneksi terputus</source>
        <translation>● Connection lost</translation>
    </message>
    <message>
        <source>NOMOR ANTREAN</source>
        <translation>QUEUE NUMBER</translation>
    </message>
    <message>
        <source>SILAKAN MENUJU</source>
        <translation>PLEASE GO TO</translation>
    </message>
    <message>
        <source>Belum ada panggilan.
Silakan menunggu nomor Anda dipanggil.</source>
        <translation>No calls yet.
Please wait for your number to be called.</translation>
    </message>
    <message>
        <source>PANGGILAN SEBELUMNYA</source>
        <translation>EARLIER CALLS</translation>
    </message>
    <message>
        <source>JUMLAH MENUNGGU</source>
        <translation>WAITING</translation>
    </message>
    <message>
        <source>NOMOR ANTREAN · SEDANG DIBACAKAN</source>
        <translation>QUEUE NUMBER · BEING ANNOUNCED</translation>
    </message>
    <message>
        <source>NOMOR ANTREAN · SEGERA DIBACAKAN</source>
        <translation>QUEUE NUMBER · ANNOUNCED NEXT</translation>
    </message>
    <message>
        <source>Papan tetap tampil; data diperbarui lagi saat koneksi pulih.</source>
        <translation>The board stays up; it updates again once the connection is back.</translation>
    </message>
    <message>
        <source>● Gangguan sistem</source>
        <translation>● System fault</translation>
    </message>
</context>
</TS>
