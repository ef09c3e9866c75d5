package io.picoev.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A cookie to set, as one {@code Set-Cookie} header (RFC 6265 §4.1):
 * {@code res.cookie(Cookie.of("sid", id).path("/").httpOnly().secure().sameSite("Lax").maxAge(Duration.ofHours(1)))}.
 * The name must be a token and the value cookie-octets (no white space, {@code "}, {@code ,},
 * {@code ;} or {@code \}); attribute values may not hold {@code ;} or controls. Anything else is an
 * {@link IllegalArgumentException} when set. Read request cookies with {@link Request#cookie(String)}.
 */
public final class Cookie {

    private final String name;
    private final String value;
    private String path;
    private String domain;
    private long maxAgeSeconds = -1;
    private boolean secure;
    private boolean httpOnly;
    private String sameSite;

    private Cookie(String name, String value) {
        this.name = name;
        this.value = value;
    }

    /** A session cookie {@code name=value} with no attributes yet. */
    public static Cookie of(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !name.chars().allMatch(Ascii::isToken)) {
            throw new IllegalArgumentException("cookie name must be a token: '" + name + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isCookieOctet(value.charAt(i))) {
                throw new IllegalArgumentException("cookie " + name + " value has a character RFC 6265 does not allow at "
                    + i + " (encode it, e.g. Base64url)");
            }
        }
        return new Cookie(name, value);
    }

    /** {@code Path}. */
    public Cookie path(String path) {
        this.path = attribute("Path", path);
        return this;
    }

    /** {@code Domain}. */
    public Cookie domain(String domain) {
        this.domain = attribute("Domain", domain);
        return this;
    }

    /** {@code Max-Age} in whole seconds; {@link Duration#ZERO} deletes the cookie. */
    public Cookie maxAge(Duration maxAge) {
        this.maxAgeSeconds = Math.max(0, maxAge.toSeconds());
        return this;
    }

    /** {@code Secure}: sent only over HTTPS. */
    public Cookie secure() {
        this.secure = true;
        return this;
    }

    /** {@code HttpOnly}: not readable by scripts. */
    public Cookie httpOnly() {
        this.httpOnly = true;
        return this;
    }

    /** {@code SameSite}: {@code Strict}, {@code Lax} or {@code None}. */
    public Cookie sameSite(String sameSite) {
        if (!sameSite.equals("Strict") && !sameSite.equals("Lax") && !sameSite.equals("None")) {
            throw new IllegalArgumentException("SameSite must be Strict, Lax or None: '" + sameSite + "'");
        }
        this.sameSite = sameSite;
        return this;
    }

    /** The cookie's name. */
    public String name() {
        return name;
    }

    /** The {@code Set-Cookie} header value: {@code name=value; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append('=').append(value);
        if (path != null) {
            s.append("; Path=").append(path);
        }
        if (domain != null) {
            s.append("; Domain=").append(domain);
        }
        if (maxAgeSeconds >= 0) {
            s.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (secure) {
            s.append("; Secure");
        }
        if (httpOnly) {
            s.append("; HttpOnly");
        }
        if (sameSite != null) {
            s.append("; SameSite=").append(sameSite);
        }
        return s.toString();
    }

    /** RFC 6265 §4.1.1 cookie-octet. */
    private static boolean isCookieOctet(char c) {
        return c == 0x21 || c >= 0x23 && c <= 0x2b || c >= 0x2d && c <= 0x3a || c >= 0x3c && c <= 0x5b
            || c >= 0x5d && c <= 0x7e;
    }

    private static String attribute(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == ';') {
                throw new IllegalArgumentException("cookie " + name + " has ';', a control or non-ASCII at " + i);
            }
        }
        return value;
    }

    /**
     * The cookies of a {@code Cookie} header value ({@code a=1; b="2"}, RFC 6265 §5.4) appended
     * to {@code out} as name, value; pairs without {@code =} are skipped, quotes around a value dropped.
     */
    static void parse(String header, java.util.List<String> out) {
        int i = 0;
        int n = header.length();
        while (i < n) {
            int semi = header.indexOf(';', i);
            int end = semi < 0 ? n : semi;
            int eq = header.indexOf('=', i);
            if (eq > i && eq < end) {
                String name = header.substring(i, eq).strip();
                String value = header.substring(eq + 1, end).strip();
                if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                    value = value.substring(1, value.length() - 1);
                }
                if (!name.isEmpty()) {
                    out.add(name);
                    out.add(value);
                }
            }
            i = end + 1;
        }
    }
}
