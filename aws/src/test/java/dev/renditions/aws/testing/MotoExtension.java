package dev.renditions.aws.testing;

import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(MotoExtension.class)}: starts the JVM's {@link MotoServer} if needed, resets it before the test
 * class (so classes never see each other's buckets, rules, queues or jobs), and injects it into constructors,
 * lifecycle methods and tests that declare a {@link MotoServer} parameter.
 */
public final class MotoExtension implements BeforeAllCallback, ParameterResolver {
    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer moto = MotoServer.get();
        boolean nested = context.getTestClass()
                .map(c -> c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers()))
                .orElse(false);
        if (!nested) { // a @Nested class shares its outer class's moto state
            moto.reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return MotoServer.get();
    }
}
