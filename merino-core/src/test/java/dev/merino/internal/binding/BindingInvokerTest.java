package dev.merino.internal.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The per-arity calls that bound handlers use in place of a spread method handle. Public, as
 * the direct path takes only methods of classes public to their outermost one.
 */
public class BindingInvokerTest {

    public static final class Target {
        private final String prefix;

        public Target(String prefix) {
            this.prefix = prefix;
        }

        public String join(int n, String s, long l, boolean b, Integer boxed) {
            return prefix + n + s + l + b + boxed;
        }

        public static int twice(int n) {
            return 2 * n;
        }

        public Object fail() throws IOException {
            throw new IOException("checked");
        }

        public void nothing() {
        }
    }

    private static final class Hidden {
        public int one() {
            return 1;
        }
    }

    private static Method method(Class<?> type, String name) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void publicMethodsAreCalledDirectlyWithUnboxing() throws Throwable {
        Object calls = Invoker.calls(method(Target.class, "join"), new Target(">"));
        assertThat(calls).isInstanceOf(Calls.Call5.class);
        assertThat(((Calls.Call5) calls).call(1, "a", 2L, true, null)).isEqualTo(">1a2truenull");

        Object twice = Invoker.calls(method(Target.class, "twice"), null);
        assertThat(((Calls.Call1) twice).call(21)).isEqualTo(42);
    }

    @Test
    void checkedExceptionsPassThrough() {
        Calls.Call0 call = (Calls.Call0) Invoker.calls(method(Target.class, "fail"),
                new Target(""));
        assertThatThrownBy(call::call).isInstanceOf(IOException.class).hasMessage("checked");
    }

    @Test
    void otherMethodsFallBackToTheWrappedHandle() throws Throwable {
        assertThat(Invoker.calls(method(Target.class, "nothing"), new Target(""))).isNull();
        Method one = method(Hidden.class, "one");
        assertThat(Invoker.calls(one, new Hidden())).isNull();

        Object wrapped = Calls.wrap(Invoker.direct(one, new Hidden()));
        assertThat(((Calls.Call0) wrapped).call()).isEqualTo(1);
        Object none = Calls.wrap(Invoker.direct(method(Target.class, "nothing"), new Target("")));
        assertThat(((Calls.Call0) none).call()).isNull();
    }
}
