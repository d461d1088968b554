package dev.renditions.contract;

import dev.renditions.aws.testing.MotoServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS CLI pointed at the shared moto server: the files of this repository go through the same command (and the
 * same request validation) a user runs against AWS.
 */
final class AwsCli {
    private AwsCli() {}

    /** Runs {@code aws ARGS --endpoint-url <moto> --output json} with test credentials and no user config files. */
    static Processes.Result run(MotoServer moto, String... args) {
        Map<String, String> env = new LinkedHashMap<>(moto.env());
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        List<String> cmd = new ArrayList<>();
        cmd.add(Processes.requireTool("aws"));
        cmd.addAll(List.of(args));
        cmd.add("--endpoint-url");
        cmd.add(moto.endpoint().toString());
        cmd.add("--output");
        cmd.add("json");
        return Processes.run(cmd, env, null);
    }
}
