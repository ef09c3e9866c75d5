package io.picoev.http;

/** UTF-8 length and encoding of a {@code String} into an array, without allocating. */
final class Utf8 {

    private Utf8() {
    }

    /** Encoded length of {@code s}; an unpaired surrogate counts as the 1-byte {@code ?} it becomes. */
    static int length(String s) {
        int n = s.length();
        int len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                len += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                len += 2; // 4 bytes for 2 chars
                i++;
            } else if (Character.isSurrogate(c)) {
                continue;
            } else {
                len += 2;
            }
        }
        return len;
    }

    /** Encodes {@code s} at {@code out[p]}; returns the position after it. The caller sized {@code out}. */
    static int encode(String s, byte[] out, int p) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xc0 | c >> 6);
                out[p++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[p++] = (byte) (0xf0 | cp >> 18);
                out[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
                out[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
                out[p++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                out[p++] = '?';
            } else {
                out[p++] = (byte) (0xe0 | c >> 12);
                out[p++] = (byte) (0x80 | c >> 6 & 0x3f);
                out[p++] = (byte) (0x80 | c & 0x3f);
            }
        }
        return p;
    }
}
