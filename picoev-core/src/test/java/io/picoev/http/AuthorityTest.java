package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Authority}: RFC 3986 hosts as Host values and as CONNECT targets, row by row. */
class AuthorityTest {

    @ParameterizedTest(name = "Host: \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "|true", "example.com|true", "example.com:8080|true", "h:|true", ":80|true", "a%41b|true", "a%4|false", "a%4g|false",
        "a b|false", "a/b|false", "u@h|false", "h:8o|false", "h:1:2|false",
        "127.0.0.1|true", "[::1]|true", "[::1]:80|true", "[::]|true", "[1::]|true", "[1:2:3:4:5:6:7:8]|true",
        "[1:2:3:4:5:6:7:8:9]|false", "[1:2:3:4:5:6:7]|false", "[1:2:3:4:5:6::7:8]|false", "[1::2::3]|false",
        "[12345::1]|false", "[1:]|false", "[:1]|false", "[:::]|false", "[::g]|false", "[::1|false", "[::1]x|false",
        "[::ffff:1.2.3.4]|true", "[1:2:3:4:5:6:1.2.3.4]|true", "[1:2:3:4:5:6:7:1.2.3.4]|false", "[::1.2.3.256]|false",
        "[::1.2.3]|false", "[::01.2.3.4]|false", "[::1.2.3.4.5]|false", "[::0.0.0.0]|true", "[::255.255.255.255]|true",
        "[v1.fe]|true", "[V1A.a:b]|true", "[v.fe]|false", "[v1.]|false", "[v1]|false", "[v1.a/b]|false"})
    void hostValues(String value, boolean valid) {
        byte[] b = ("xx" + value + "yy").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Authority.isHost(b, 2, b.length - 2)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "CONNECT {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "example.com:443|true", "[::1]:443|true", "1.2.3.4:1|true", "example.com|false", "example.com:|false",
        ":443|false", "a:4x|false", "[::1]|false", "u@a:1|false"})
    void connectTargets(String value, boolean valid) {
        byte[] b = ("xx" + value + "yy").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Authority.isAuthorityForm(b, 2, b.length - 2)).isEqualTo(valid);
    }
}
