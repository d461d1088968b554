package dev.renditions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Placeholders of the infrastructure templates, filled by the project's own {@code render.sh}. */
final class Templates {
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    private Templates() {}

    /** The {@code ${NAME}} placeholders a file uses. */
    static Set<String> placeholders(Path file) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(Repo.read(file));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** NAME=value lines of an env file such as {@code example.env} (comments and blank lines skipped). */
    static Map<String, String> envFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Repo.read(file).split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(file + ": not NAME=value: " + line);
            }
            values.put(t.substring(0, eq), t.substring(eq + 1));
        }
        return values;
    }

    static Map<String, String> example() {
        return envFile(Repo.EXAMPLE_ENV);
    }

    /** The example values with some replaced. */
    static Map<String, String> example(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(example());
        values.putAll(overrides);
        return values;
    }

    /** Runs {@code render.sh TEMPLATE} with exactly {@code values} as the environment. */
    static Processes.Result run(Path template, Map<String, String> values) {
        return Processes.run(List.of("sh", Repo.RENDER_SH.toString(), template.toString()), values, null);
    }

    static String render(Path template, Map<String, String> values) {
        return run(template, values).requireSuccess().stdout();
    }

    static JsonNode renderJson(Path template, Map<String, String> values) {
        return Repo.parse(render(template, values));
    }

    static JsonNode renderJson(Path template) {
        return renderJson(template, example());
    }
}
