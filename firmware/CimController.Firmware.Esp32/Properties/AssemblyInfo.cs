using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("CimController.Firmware.Esp32")]
[assembly: AssemblyDescription("CimController firmware for ESP32 (nanoFramework): the controller core on a CIM board over SPI, served over COM2 or WiFi TCP")]
[assembly: AssemblyProduct("CimController")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("0.2.0.0")]
