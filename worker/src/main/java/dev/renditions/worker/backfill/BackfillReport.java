package dev.renditions.worker.backfill;

import java.util.Map;
import java.util.stream.Collectors;

/** The summary a backfill prints on stdout at the end: the plan, its counts and one line per job. */
public final class BackfillReport {
    private BackfillReport() {}

    public static String text(BackfillResult r) {
        PlanRecord p = r.plan();
        StringBuilder sb = new StringBuilder();
        sb.append("plan ").append(r.planId()).append(": ").append(headline(r)).append('\n');
        row(sb, "source", source(p));
        row(sb, "output", p.output());
        row(sb, "spec", p.specHash() + " (" + p.spec() + ": " + String.join(", ", p.renditions()) + ")");
        row(sb, "objects", p.objects() + " listed, " + p.images() + " selected (" + p.bytes() + " bytes)");
        if (!p.skipped().isEmpty()) {
            row(sb, "skipped", p.skippedTotal() + ": " + skipped(p.skipped()));
        }
        long arrays = p.arrays();
        row(
                sb,
                "jobs",
                p.chunks() + " (" + plural(arrays, "array", "arrays") + ", " + (p.chunks() - arrays) + " plain), "
                        + plural(p.children(), "child", "children") + ", "
                        + plural(p.imagesPerChild(), "image", "images") + " per child");
        row(sb, "renditions", String.valueOf(p.renditionCount()));
        row(
                sb,
                "plan",
                r.layout().plan().uri() + (r.status() == BackfillResult.Status.DRY_RUN ? " (not written)" : ""));
        if (r.throttled() > 0) {
            row(sb, "throttled", r.throttled() + " SubmitJob calls, sent again after a wait");
        }
        if (!r.jobs().isEmpty()) {
            sb.append("job ids:\n");
            for (BackfillResult.JobRecord j : r.jobs()) {
                sb.append("  ")
                        .append(j.jobId())
                        .append("  ")
                        .append(j.jobName())
                        .append("  ")
                        .append(j.arraySize() == 0 ? "plain job" : "array of " + j.arraySize())
                        .append("  ")
                        .append(j.images())
                        .append(j.images() == 1 ? " image  " : " images  ")
                        .append(j.manifest())
                        .append(j.submittedNow() ? "" : "  (submitted earlier)")
                        .append('\n');
            }
        }
        for (String d : r.duplicates()) {
            sb.append("duplicate job (another run recorded its chunk first): ")
                    .append(d)
                    .append('\n');
        }
        return sb.toString();
    }

    private static String headline(BackfillResult r) {
        return switch (r.status()) {
            case DRY_RUN -> "dry run: nothing written, nothing submitted";
            case NOTHING_TO_DO -> "nothing to do: no image selected, nothing written or submitted";
            case SUBMITTED -> "submitted " + r.submittedNow() + (r.submittedNow() == 1 ? " job" : " jobs");
            case RESUMED -> "resumed: submitted " + r.submittedNow() + " of "
                    + r.jobs().size() + " jobs";
            case ALREADY_SUBMITTED -> "already submitted: nothing new ("
                    + r.jobs().size() + (r.jobs().size() == 1 ? " job)" : " jobs)");
        };
    }

    private static String source(PlanRecord p) {
        var s = p.source();
        if (s == null) {
            return "?";
        }
        return s.inventory() != null ? "inventory " + s.inventory() : "s3://" + s.bucket() + "/" + s.prefix();
    }

    private static String skipped(Map<String, Long> skipped) {
        return skipped.entrySet().stream()
                .map(e -> e.getValue() + " " + describe(e.getKey()))
                .collect(Collectors.joining(", "));
    }

    private static String describe(String jsonName) {
        for (Verdict v : Verdict.values()) {
            if (v.jsonName().equals(jsonName)) {
                return v.description();
            }
        }
        return jsonName;
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append("  ")
                .append(name)
                .append(" ".repeat(Math.max(1, 12 - name.length())))
                .append(value)
                .append('\n');
    }
}
