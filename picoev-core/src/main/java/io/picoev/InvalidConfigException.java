package io.picoev;

/** A {@link Config} value out of its range: names the field, so a caller can point at its own setting. */
public final class InvalidConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /** {@code field} (a {@link Config} accessor name) is wrong as {@code message} says. */
    public InvalidConfigException(String field, String message) {
        super("Config." + field + " " + message);
        this.field = field;
    }

    /** The {@link Config} field, such as {@code maxRead}. */
    public String field() {
        return field;
    }
}
