package dev.merino.binding;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.App;
import dev.merino.controller.Controller;
import dev.merino.controller.Get;
import dev.merino.testing.TestServers;
import org.junit.jupiter.api.Test;

class BindingStartErrorsTest {

    /** A type with no converter and no static factory. */
    public static final class Money {
    }

    /** A service nobody registers. */
    public interface Mailer {
    }

    @Controller("/x")
    public static final class Duplicate {
        @Get("/a")
        public String one() {
            return "1";
        }

        @Get("/a")
        public String two() {
            return "2";
        }
    }

    @Controller("/x")
    public static final class UnknownConverter {
        @Get("/price")
        public String price(@FromQuery Money amount) {
            return "";
        }
    }

    @Controller("/x")
    public static final class MissingService {
        @Get("/mail")
        public String mail(Mailer mailer) {
            return "";
        }
    }

    @Controller("/x")
    public static final class MissingPathParameter {
        @Get("/items/{id}")
        public String item(@FromPath("key") String key) {
            return "";
        }
    }

    @Controller("/x")
    public static final class BadDefault {
        @Get("/page")
        public String page(@FromQuery @Default("first") int page) {
            return "";
        }
    }

    @Controller("/x")
    public static final class NeedsMissingService {
        public NeedsMissingService(Mailer mailer) {
        }

        @Get("/y")
        public String y() {
            return "";
        }
    }

    /** Not a controller. */
    public static final class Plain {
    }

    @Test
    void refusesTwoControllerMethodsOnOneRouteNamingBoth() {
        App app = TestServers.app();
        app.controller(Duplicate.class);

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET /x/a (Duplicate.two) conflicts with "
                        + "GET /x/a (Duplicate.one)");
    }

    @Test
    void refusesAParameterWithoutConverterNamingMethodAndParameter() {
        App app = TestServers.app();
        app.controller(UnknownConverter.class);

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("UnknownConverter.price parameter 'amount': no converter for Money; "
                        + "register one with app.converter(Money.class, ...) or give it a static "
                        + "of(String), parse(String) or valueOf(String) method");
    }

    @Test
    void refusesAnUnsatisfiableServiceNamingMethodAndParameter() {
        App app = TestServers.app();
        app.controller(MissingService.class);

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No service is registered for Mailer, needed by "
                        + "MissingService.mail parameter 'mailer'; register it with app.services()");
    }

    @Test
    void refusesAControllerWhoseConstructorCannotBeSatisfied() {
        App app = TestServers.app();
        app.controller(NeedsMissingService.class);

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Controller NeedsMissingService cannot be built: No service is "
                        + "registered for Mailer, needed by NeedsMissingService(Mailer mailer); "
                        + "register it with app.services()");
    }

    @Test
    void refusesAPathParameterTheTemplateLacks() {
        App app = TestServers.app();
        app.controller(MissingPathParameter.class);

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("MissingPathParameter.item parameter 'key' names the path parameter "
                        + "'key', which the route's template lacks");
    }

    @Test
    void refusesADefaultThatDoesNotConvert() {
        App app = TestServers.app();
        app.controller(BadDefault.class);

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The default 'first' of BadDefault.page parameter 'page' does not "
                        + "convert (expected an integer)");
    }

    @Test
    void refusesAClassThatIsNotAController() {
        App app = TestServers.app();

        assertThatThrownBy(() -> app.controller(Plain.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a class annotated @Controller");
    }
}
