/**
 * pySigma's own table `windows_logsource_mapping` (pySigma 1.5.0, unchanged since 2023-09-16):
 * Windows `service` → event log Channel(s), in item order. Several channels are OR-ed.
 */

/** One row: a Windows log source `service` and its Channel (or the OR-ed Channels). */
export interface WindowsServiceChannel {
  readonly service: string;
  readonly channel: string | readonly string[];
}

/** All 39 rows. */
export const windowsLogsourceMapping: readonly WindowsServiceChannel[] = [
  { service: "security", channel: "Security" },
  { service: "application", channel: "Application" },
  { service: "system", channel: "System" },
  { service: "sysmon", channel: "Microsoft-Windows-Sysmon/Operational" },
  { service: "powershell", channel: ["Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"] },
  { service: "powershell-classic", channel: "Windows PowerShell" },
  { service: "taskscheduler", channel: "Microsoft-Windows-TaskScheduler/Operational" },
  { service: "wmi", channel: "Microsoft-Windows-WMI-Activity/Operational" },
  { service: "dns-server", channel: "DNS Server" },
  { service: "dns-server-audit", channel: "Microsoft-Windows-DNS-Server/Audit" },
  { service: "dns-server-analytic", channel: "Microsoft-Windows-DNS-Server/Analytical" },
  { service: "driver-framework", channel: "Microsoft-Windows-DriverFrameworks-UserMode/Operational" },
  { service: "ntlm", channel: "Microsoft-Windows-NTLM/Operational" },
  { service: "dhcp", channel: "Microsoft-Windows-DHCP-Server/Operational" },
  { service: "msexchange-management", channel: "MSExchange Management" },
  {
    service: "applocker",
    channel: [
      "Microsoft-Windows-AppLocker/MSI and Script",
      "Microsoft-Windows-AppLocker/EXE and DLL",
      "Microsoft-Windows-AppLocker/Packaged app-Deployment",
      "Microsoft-Windows-AppLocker/Packaged app-Execution",
    ],
  },
  { service: "printservice-admin", channel: "Microsoft-Windows-PrintService/Admin" },
  { service: "printservice-operational", channel: "Microsoft-Windows-PrintService/Operational" },
  { service: "codeintegrity-operational", channel: "Microsoft-Windows-CodeIntegrity/Operational" },
  { service: "smbclient-security", channel: "Microsoft-Windows-SmbClient/Security" },
  { service: "firewall-as", channel: "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall" },
  { service: "bits-client", channel: "Microsoft-Windows-Bits-Client/Operational" },
  { service: "windefend", channel: "Microsoft-Windows-Windows Defender/Operational" },
  {
    service: "terminalservices-localsessionmanager",
    channel: "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
  },
  { service: "microsoft-servicebus-client", channel: "Microsoft-ServiceBus-Client" },
  { service: "ldap_debug", channel: "Microsoft-Windows-LDAP-Client/Debug" },
  {
    service: "security-mitigations",
    channel: [
      "Microsoft-Windows-Security-Mitigations/Kernel Mode",
      "Microsoft-Windows-Security-Mitigations/User Mode",
    ],
  },
  { service: "diagnosis-scripted", channel: "Microsoft-Windows-Diagnosis-Scripted/Operational" },
  { service: "shell-core", channel: "Microsoft-Windows-Shell-Core/Operational" },
  { service: "openssh", channel: "OpenSSH/Operational" },
  { service: "bitlocker", channel: "Microsoft-Windows-BitLocker/BitLocker Management" },
  { service: "vhdmp", channel: "Microsoft-Windows-VHDMP/Operational" },
  { service: "appxdeployment-server", channel: "Microsoft-Windows-AppXDeploymentServer/Operational" },
  { service: "lsa-server", channel: "Microsoft-Windows-LSA/Operational" },
  { service: "appxpackaging-om", channel: "Microsoft-Windows-AppxPackaging/Operational" },
  { service: "dns-client", channel: "Microsoft-Windows-DNS Client Events/Operational" },
  { service: "appmodel-runtime", channel: "Microsoft-Windows-AppModel-Runtime/Admin" },
  { service: "capi2", channel: "Microsoft-Windows-CAPI2/Operational" },
  {
    service: "certificateservicesclient-lifecycle-system",
    channel: "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational",
  },
];
