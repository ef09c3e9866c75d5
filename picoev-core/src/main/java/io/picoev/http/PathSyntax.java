package io.picoev.http;

import java.util.HashSet;
import java.util.Set;

/**
 * The route path syntax {@link Routes} accepts: the whole-segment subset of Spring's
 * {@code PathPattern} ({@code /users}, {@code /users/{id}}, {@code /files/*}, {@code /static/**},
 * {@code /docs/{*path}}). Checked when a route is declared, so a typo fails at startup.
 */
final class PathSyntax {

    private PathSyntax() {
    }

    /** Whether {@code path} has no variable or wildcard: it matches one path only. */
    static boolean isExact(String path) {
        return path.equals("*") || path.indexOf('{') < 0 && path.indexOf('*') < 0;
    }

    /** {@code /a/{b}/**} as {@code [a, {b}, **]}; {@code /} as {@code [""]}. */
    static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }

    /** Throws an {@link IllegalArgumentException} saying what is wrong with {@code path}, if anything. */
    static void check(String path) {
        if (path.equals("*")) {
            return; // the asterisk-form of OPTIONS (RFC 9112 §3.2.4)
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw bad(path, "must start with '/'");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '?' || c == '#' || c == '%') {
                throw bad(path, "must be visible ASCII without '?', '#' or '%' (declare it decoded)");
            }
        }
        if (isExact(path)) {
            return;
        }
        String[] segs = segments(path);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            boolean last = i == segs.length - 1;
            if (s.equals("*")) {
                continue;
            }
            if (s.equals("**") || s.startsWith("{*")) {
                if (!last) {
                    throw bad(path, "'" + s + "' may only be the last segment");
                }
                if (s.startsWith("{*")) {
                    name(path, s.substring(2), names);
                }
                continue;
            }
            if (s.startsWith("{")) {
                name(path, s.substring(1), names);
            } else if (s.indexOf('{') >= 0 || s.indexOf('}') >= 0 || s.indexOf('*') >= 0) {
                throw bad(path, "segment '" + s + "' mixes text with a variable or wildcard: picoev matches whole"
                    + " segments only ({name}, *, **); read the segment with a variable and check it in the handler");
            }
        }
    }

    /** Checks {@code rest} = {@code name}} and that the name is new. */
    private static void name(String path, String rest, Set<String> names) {
        if (!rest.endsWith("}") || rest.length() < 2) {
            throw bad(path, "a variable must be a whole segment: {name}");
        }
        String name = rest.substring(0, rest.length() - 1);
        if (name.indexOf(':') >= 0) {
            throw bad(path, "regular expressions in variables ({" + name + "}) are not supported: capture"
                + " {" + name.substring(0, name.indexOf(':')) + "} and check it in the handler");
        }
        if (!Character.isJavaIdentifierStart(name.charAt(0))
                || !name.chars().allMatch(c -> Character.isJavaIdentifierPart(c) || c == '-' || c == '.')) {
            throw bad(path, "variable name '" + name + "' must be letters, digits, '_', '-' or '.'");
        }
        if (!names.add(name)) {
            throw bad(path, "variable {" + name + "} appears twice");
        }
    }

    private static IllegalArgumentException bad(String path, String why) {
        return new IllegalArgumentException("route path '" + path + "' " + why);
    }
}
