package io.picoev.http;

/** Character classes of RFC 9110, as lookup tables (picohttpparser's {@code token_char_map}). */
final class Ascii {

    /** {@code tchar}: the characters of a method or a header name. */
    static final boolean[] TOKEN = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private Ascii() {
    }

    static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    static boolean isToken(int c) {
        return c < 256 && TOKEN[c];
    }

    /** Whether {@code c} may stand in a field value: visible, SP, HTAB or obs-text; never CR, LF, NUL. */
    static boolean isFieldValueChar(int c) {
        return (c >= 0x20 && c != 0x7f) || c == '\t';
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /** ASCII case-insensitive equality of a char sequence and a lower-case literal. */
    static boolean equalsIgnoreCase(CharSequence s, String lower) {
        if (s.length() != lower.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (lower(s.charAt(i)) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} contains the lower-case literal {@code lower}, ignoring ASCII case. */
    static boolean containsIgnoreCase(CharSequence s, String lower) {
        outer:
        for (int i = 0; i + lower.length() <= s.length(); i++) {
            for (int j = 0; j < lower.length(); j++) {
                if (lower(s.charAt(i + j)) != lower.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
