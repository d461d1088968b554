package dev.renditions.dispatcher;

import dev.renditions.core.events.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line on standard output, which Lambda sends to CloudWatch Logs (queryable with Logs Insights).
 */
@FunctionalInterface
public interface DispatchLog {
    void log(String level, String message, Map<String, ?> fields);

    default void info(String message, Map<String, ?> fields) {
        log("INFO", message, fields);
    }

    default void warn(String message, Map<String, ?> fields) {
        log("WARN", message, fields);
    }

    default void error(String message, Map<String, ?> fields) {
        log("ERROR", message, fields);
    }

    static DispatchLog to(PrintStream out, Clock clock) {
        return (level, message, fields) -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", clock.instant().toString());
            line.put("level", level);
            line.put("message", message);
            line.putAll(fields);
            out.println(Json.write(line));
        };
    }
}
