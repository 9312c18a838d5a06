/**
 * `@sigma/loki-backend/pipelines`: the pipeline packages this one registers — Loki
 * (`loki_grafana_logfmt`, `loki_promtail_sysmon`, `loki_okta_system_log`, `set_custom_log_source`),
 * `sysmon` and the windows pipelines — with their pipeline factories and transformations.
 * @packageDocumentation
 */
export * from "@sigma/pipeline-loki";
export * from "@sigma/pipeline-sysmon";
export * from "@sigma/pipeline-windows";
