package io.ceip.agent;

import io.ceip.agent.config.PlaceholderFunctions;

import java.util.Map;

import org.apache.camel.component.properties.EnvPropertiesFunction;
import org.apache.camel.component.properties.PropertiesFunctionResolver;
import org.apache.camel.component.properties.SysPropertiesFunction;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder functions of the agent's properties component: {@code env} and {@code sys}, nothing else
 * ({@link PlaceholderFunctions}). Camel's own resolver also finds {@code bean:} (camel-bean is on the class path) and
 * any function a jar declares, and would call them from any text it resolves, however that text was put together
 * (a variable that {@code {{env:NAME}}} reads may hold {@code {{bean:x.y}}}); here a function it does not know is
 * never called: {@code {{bean:x.y}}} reads as the key {@code bean} with the default {@code x.y}. Functions added later
 * (camel-main adds none for the agent's settings) are ignored.
 */
final class EnvAndSysFunctionsOnly implements PropertiesFunctionResolver {

    private final Map<String, PropertiesFunction> functions = Map.of("env", new EnvPropertiesFunction(), "sys",
            new SysPropertiesFunction());

    /** Gives {@code properties} (Camel's own component) these functions only; before it resolves anything. */
    static void install(PropertiesComponent properties) {
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent camel
                && !(camel.getPropertiesFunctionResolver() instanceof EnvAndSysFunctionsOnly)) {
            camel.setPropertiesFunctionResolver(new EnvAndSysFunctionsOnly());
        }
    }

    @Override
    public void addPropertiesFunction(PropertiesFunction function) {
        // none but env and sys
    }

    @Override
    public Map<String, PropertiesFunction> getFunctions() {
        return functions;
    }

    @Override
    public boolean hasFunction(String name) {
        return functions.containsKey(name);
    }

    @Override
    public PropertiesFunction resolvePropertiesFunction(String name) {
        return functions.get(name);
    }
}
