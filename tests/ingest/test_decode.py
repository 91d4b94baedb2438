from conflictnews.ingest.decode import decode_bytes, drop_stray_bytes, looks_binary


def test_binary_detected():
    assert looks_binary(b"abc\x00def")
    assert looks_binary(bytes(range(1, 9)) * 20)
    assert not looks_binary(b"plain text\n\twith tabs")
    assert decode_bytes(b"\x00\x00\x00").text is None


def test_clean_utf8_untouched():
    decoded = decode_bytes("Caf\u00e9 \u201cquoted\u201d".encode())
    assert decoded.text == "Caf\u00e9 \u201cquoted\u201d"
    assert decoded.repaired is False


def test_cp1252_undefined_byte_run_dropped():
    data, changed = drop_stray_bytes(b"humanitarian \x95\x81pause, \x93quoted\x94", "cp1252")
    assert changed
    assert data == b"humanitarian pause, \x93quoted\x94"
    assert drop_stray_bytes(b"caf\xc3\xa9", "utf-8") == (b"caf\xc3\xa9", False)
