package dev.merino.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.http.Method;
import dev.merino.http.Request;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {

    @Authorize("admins")
    static class AdminController {
        public void stats() {
        }

        @AllowAnonymous
        public void health() {
        }

        @Authorize("auditors")
        public void audit() {
        }
    }

    static class PlainController {
        public void index() {
        }

        @Authorize
        public void profile() {
        }

        @Authorize("x")
        @AllowAnonymous
        public void confused() {
        }
    }

    @Test
    void readsClassAndMethodDeclarationsWithTheMethodWinning() throws Exception {
        assertThat(Access.of(AdminController.class.getMethod("stats")))
                .contains(Access.policy("admins"));
        assertThat(Access.of(AdminController.class.getMethod("health")))
                .contains(Access.anonymous());
        assertThat(Access.of(AdminController.class.getMethod("audit")))
                .contains(Access.policy("auditors"));
    }

    @Test
    void bareAuthorizeMeansTheDefaultPolicyAndNoAnnotationMeansNothing() throws Exception {
        assertThat(Access.of(PlainController.class.getMethod("profile")))
                .contains(Access.authorized());
        assertThat(Access.of(PlainController.class.getMethod("index"))).isEmpty();
    }

    @Test
    void refusesBothAnnotationsOnOneElement() {
        assertThatThrownBy(() -> Access.of(PlainController.class.getMethod("confused")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both @Authorize and @AllowAnonymous");
    }

    @Test
    void policiesCombineRequirements() {
        Policy policy = Policy.builder("acme-admins").anyRole("admin", "owner")
                .claimEquals("tenant", "acme").build();
        Request request = Request.builder(Method.GET, "/").build();
        Identity admin = new Identity("ada", Map.of("tenant", "acme"), Set.of("admin"), "Test");

        assertThat(policy.allows(admin, request)).isTrue();
        assertThat(policy.allows(admin.withRoles(Set.of("user")), request)).isFalse();
        assertThat(policy.allows(null, request)).isFalse();
        assertThat(Policy.builder("open").build().allows(null, request)).isTrue();
    }

    @Test
    void claimEqualsMatchesAnElementOfAListClaim() {
        Identity identity = new Identity("ada", Map.of("groups", java.util.List.of("a", "b")),
                Set.of(), "Test");

        assertThat(Requirement.claimEquals("groups", "b").test(identity, null)).isTrue();
        assertThat(Requirement.claimEquals("groups", "c").test(identity, null)).isFalse();
    }
}
