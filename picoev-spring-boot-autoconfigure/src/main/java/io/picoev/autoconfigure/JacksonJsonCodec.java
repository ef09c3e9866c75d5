package io.picoev.autoconfigure;

import io.picoev.http.JsonCodec;
import java.io.OutputStream;
import tools.jackson.databind.json.JsonMapper;

/** The core's {@link JsonCodec} over the application's Jackson {@link JsonMapper}, so Boot's Jackson settings apply. */
public class JacksonJsonCodec implements JsonCodec {

    private final JsonMapper mapper;

    /** Reads and writes with {@code mapper}. */
    public JacksonJsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public <T> T read(byte[] bytes, int off, int len, Class<T> type) {
        return mapper.readValue(bytes, off, len, type);
    }

    @Override
    public void write(Object value, OutputStream out) {
        mapper.writeValue(out, value);
    }
}
