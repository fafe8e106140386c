package dev.merino.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

    @Test
    void splitsThePathAtEverySlashKeepingEmptySegments() {
        assertSegments("/", "/");
        assertSegments("/plaintext", "/plaintext", "plaintext");
        assertSegments("/users/42?fields=id,name", "/users/42", "users", "42");
        assertSegments("/a/", "/a/", "a", "");
        assertSegments("//", "//", "", "");
        assertSegments("/a//b", "/a//b", "a", "", "b");
        assertSegments("/a/b/c/", "/a/b/c/", "a", "b", "c", "");
        assertSegments("/?q", "/");
    }

    @Test
    void decodesEachSegmentAndThePath() {
        RequestTarget target = RequestTarget.parse("/files/caf%C3%A9/a%20b?x=%2F");
        assertThat(target.path()).isEqualTo("/files/café/a b");
        assertThat(target.segments()).containsExactly("files", "café", "a b");
        assertThat(target.target()).isEqualTo("/files/caf%C3%A9/a%20b?x=%2F");
    }

    @Test
    void refusesDotSegmentsAndHiddenSeparators() {
        assertThat(RequestTarget.parse("/a/../b")).isNull();
        assertThat(RequestTarget.parse("/a/%2e%2E/b")).isNull();
        assertThat(RequestTarget.parse("/a/.")).isNull();
        assertThat(RequestTarget.parse("/a%2Fb")).isNull();
        assertThat(RequestTarget.parse("/a\\b")).isNull();
    }

    private static void assertSegments(String uri, String path, String... segments) {
        RequestTarget target = RequestTarget.parse(uri);
        assertThat(target).as(uri).isNotNull();
        assertThat(target.path()).as(uri).isEqualTo(path);
        assertThat(target.segments()).as(uri).containsExactly(segments);
    }
}
