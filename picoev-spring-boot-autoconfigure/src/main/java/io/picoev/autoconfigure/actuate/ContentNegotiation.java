package io.picoev.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Picks the content type of an answer from what an operation produces and the request's
 * {@code Accept} (RFC 9110 §12.5.1): the highest-weighted acceptable range wins, and the
 * operation's first type breaks ties, as MVC does for endpoints.
 */
final class ContentNegotiation {

    private ContentNegotiation() {
    }

    /**
     * The type to answer with: the first of {@code produces} without an {@code Accept}, or
     * {@code null} when nothing produced is acceptable (406) or the header does not parse (400
     * is then the caller's answer too: we say 406).
     */
    static @Nullable String choose(Collection<String> produces, @Nullable String accept) {
        if (produces.isEmpty()) {
            return null;
        }
        if (accept == null || accept.isBlank()) {
            return produces.iterator().next();
        }
        List<MimeType> ranges;
        try {
            ranges = new ArrayList<>(MimeTypeUtils.parseMimeTypes(accept));
        } catch (InvalidMimeTypeException e) {
            return null;
        }
        ranges.removeIf(r -> quality(r) <= 0);
        ranges.sort(Comparator.comparingDouble(ContentNegotiation::quality).reversed()
            .thenComparing((MimeType r) -> r.isWildcardType() ? 2 : r.isWildcardSubtype() ? 1 : 0));
        for (MimeType range : ranges) {
            for (String produced : produces) {
                if (range.includes(MimeType.valueOf(produced))) {
                    return produced;
                }
            }
        }
        return null;
    }

    private static double quality(MimeType range) {
        String q = range.getParameter("q");
        try {
            return q == null ? 1.0 : Double.parseDouble(q);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
