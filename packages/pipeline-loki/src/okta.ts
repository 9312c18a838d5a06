/**
 * Okta System Log (LogEvent) fields as Loki sees them in JSON: camelCase path segments joined by
 * `_`. Sigma's Okta rules write them lower-case with dots (`actor.alternateid`).
 */

/** The 38 LogEvent paths the `loki_okta_system_log` pipeline restores to camelCase. */
export const oktaLogEventFields: readonly string[] = [
  "eventType",
  "legacyEventType",
  "displayMessage",
  "actor_alternateId",
  "actor_displayName",
  "client_userAgent_rawUserAgent",
  "client_userAgent_os",
  "client_userAgent_browser",
  "client_geographicalContext_geolocation_lat",
  "client_geographicalContext_geolocation_lon",
  "client_geographicalContext_city",
  "client_geographicalContext_state",
  "client_geographicalContext_country",
  "client_geographicalContext_postalCode",
  "client_ipAddress",
  "debugContext_debugData_requestUri",
  "debugContext_debugData_originalPrincipal_id",
  "debugContext_debugData_originalPrincipal_type",
  "debugContext_debugData_originalPrincipal_alternateId",
  "debugContext_debugData_originalPrincipal_displayName",
  "debugContext_debugData_behaviors",
  "debugContext_debugData_logOnlySecurityData",
  "authenticationContext_authenticationProvider",
  "authenticationContext_authenticationStep",
  "authenticationContext_credentialProvider",
  "authenticationContext_credentialType",
  "authenticationContext_issuer_id",
  "authenticationContext_issuer_type",
  "authenticationContext_externalSessionId",
  "authenticationContext_interface",
  "securityContext_asNumber",
  "securityContext_asOrg",
  "securityContext_isp",
  "securityContext_domain",
  "securityContext_isProxy",
  "target_alternateId",
  "target_displayName",
  "target_detailEntry",
];

/** `name.lower().replace("_", ".") → name` for every Okta field: Sigma's spelling → Loki's. */
export function oktaFieldMapping(): Record<string, string> {
  return Object.fromEntries(oktaLogEventFields.map((name) => [name.toLowerCase().replaceAll("_", "."), name]));
}
