package io.picoev.http;

/**
 * The authority grammar of RFC 3986 §3.2 as a server meets it: the {@code Host} field value
 * ({@code uri-host [":" port]}, RFC 9110 §7.2), the authority-form of a {@code CONNECT} target
 * ({@code uri-host ":" port}, RFC 9112 §3.2.3) and the authority of an absolute-form target.
 * Static checks over a byte range; nothing is allocated.
 */
final class Authority {

    /** {@code unreserved / sub-delims}: what a reg-name holds besides pct-encoded octets. */
    private static final boolean[] REG_NAME = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            REG_NAME[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            REG_NAME[c] = true;
            REG_NAME[c - 32] = true;
        }
        for (char c : "-._~!$&'()*+,;=".toCharArray()) {
            REG_NAME[c] = true;
        }
    }

    private Authority() {
    }

    /** Whether {@code b[off, end)} is {@code uri-host [":" port]}; an empty value is one (an empty reg-name). */
    static boolean isHost(byte[] b, int off, int end) {
        int h = hostEnd(b, off, end);
        return h == end || h >= 0 && b[h] == ':' && isPort(b, h + 1, end);
    }

    /** Whether {@code b[off, end)} is {@code uri-host ":" port} with a host and a port: a CONNECT target. */
    static boolean isAuthorityForm(byte[] b, int off, int end) {
        int h = hostEnd(b, off, end);
        return h > off && h < end && b[h] == ':' && h + 1 < end && isPort(b, h + 1, end);
    }

    /** Whether {@code b[off, end)} is a non-empty {@code uri-host [":" port]}: the authority of an http(s) URI (RFC 9110 §4.2.1). */
    static boolean isServerAuthority(byte[] b, int off, int end) {
        int h = hostEnd(b, off, end);
        return h > off && (h == end || b[h] == ':' && isPort(b, h + 1, end));
    }

    /**
     * Where the {@code uri-host} starting at {@code p} ends: after an IP-literal's {@code ]} or
     * after the last reg-name character (IPv4address is a reg-name too); -1 if it is malformed.
     */
    static int hostEnd(byte[] b, int p, int end) {
        if (p < end && b[p] == '[') {
            for (int q = p + 1; q < end; q++) {
                if (b[q] == ']') {
                    return isIpLiteral(b, p + 1, q) ? q + 1 : -1;
                }
            }
            return -1;
        }
        while (p < end) {
            int c = b[p] & 0xff;
            if (c == '%') {
                if (p + 2 >= end || Ascii.hexValue(b[p + 1] & 0xff) < 0 || Ascii.hexValue(b[p + 2] & 0xff) < 0) {
                    return -1;
                }
                p += 3;
            } else if (REG_NAME[c]) {
                p++;
            } else {
                break;
            }
        }
        return p;
    }

    /** {@code port = *DIGIT}. */
    private static boolean isPort(byte[] b, int p, int end) {
        for (; p < end; p++) {
            if (b[p] < '0' || b[p] > '9') {
                return false;
            }
        }
        return true;
    }

    /** The inside of {@code [...]}: {@code IPv6address / IPvFuture}. */
    private static boolean isIpLiteral(byte[] b, int p, int end) {
        if (p < end && (b[p] == 'v' || b[p] == 'V')) {
            // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            int q = p + 1;
            while (q < end && Ascii.hexValue(b[q] & 0xff) >= 0) {
                q++;
            }
            if (q == p + 1 || q == end || b[q] != '.' || ++q == end) {
                return false;
            }
            for (; q < end; q++) {
                if (!REG_NAME[b[q] & 0xff] && b[q] != ':') {
                    return false;
                }
            }
            return true;
        }
        return isIpv6(b, p, end);
    }

    /** RFC 3986's IPv6address: eight h16 groups, or fewer around one {@code ::}, the last two maybe as an IPv4address. */
    static boolean isIpv6(byte[] b, int p, int end) {
        int groups = 0;
        boolean elided = false;
        if (end - p >= 2 && b[p] == ':' && b[p + 1] == ':') {
            elided = true;
            p += 2;
        }
        while (p < end) {
            int start = p;
            while (p < end && p - start < 5 && Ascii.hexValue(b[p] & 0xff) >= 0) {
                p++;
            }
            if (p < end && b[p] == '.') {
                if (!isIpv4(b, start, end)) {
                    return false;
                }
                groups += 2;
                break;
            }
            if (p == start || p - start > 4) {
                return false;
            }
            groups++;
            if (p == end) {
                break;
            }
            if (b[p++] != ':' || p == end) {
                return false; // not a separator, or a lone trailing ':'
            }
            if (b[p] == ':') {
                if (elided) {
                    return false;
                }
                elided = true;
                p++;
            }
        }
        return elided ? groups < 8 : groups == 8;
    }

    /** {@code dec-octet "." dec-octet "." dec-octet "." dec-octet}, no leading zeros. */
    static boolean isIpv4(byte[] b, int p, int end) {
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (p == end || b[p++] != '.') {
                    return false;
                }
            }
            int start = p;
            int v = 0;
            while (p < end && p - start < 3 && b[p] >= '0' && b[p] <= '9') {
                v = v * 10 + b[p++] - '0';
            }
            if (p == start || v > 255 || b[start] == '0' && p - start > 1) {
                return false;
            }
        }
        return p == end;
    }
}
