using System;
using System.Globalization;
using System.Linq;
using CimController.Emulator;
using CimController.Host;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// The conductance window of the connected board's devices, from its device profile (boards/profiles): the emulator's
    /// --profile, or for a remote board the built-in profile of the name its Info reports. Programming targets outside it
    /// are refused before any pulse.
    /// </summary>
    public sealed record DeviceWindow(string Profile, double MinMicrosiemens, double MaxMicrosiemens)
    {
        /// <summary>The high-resistance end, ohm.</summary>
        public double HrsOhms => 1e6 / MinMicrosiemens;

        /// <summary>The low-resistance end, ohm.</summary>
        public double LrsOhms => 1e6 / MaxMicrosiemens;

        /// <summary>The window as text, e.g. "4-40 µS".</summary>
        public string MicrosiemensText => N(MinMicrosiemens) + "-" + N(MaxMicrosiemens) + " µS";

        /// <summary>The window as resistances, e.g. "740-880 ohm".</summary>
        public string OhmsText => N(LrsOhms) + "-" + N(HrsOhms) + " ohm";

        /// <summary>
        /// The window of the board <paramref name="client"/> talks to, or null when its profile is not one cimctl can load
        /// (a remote board running a profile file this machine does not have).
        /// </summary>
        public static DeviceWindow? Of(GlobalSettings g, CimClient client)
        {
            string name = g.Address.Kind == BoardAddressKind.Emulator ? g.Profile : client.Info.ProfileName;
            if (g.Address.Kind != BoardAddressKind.Emulator && !DeviceProfile.BuiltInNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }
            DeviceProfile p = DeviceProfile.Load(name);
            return new DeviceWindow(p.Name, p.ConductanceMinMicrosiemens, p.ConductanceMaxMicrosiemens);
        }

        /// <summary>True when <paramref name="microsiemens"/> lies inside the window.</summary>
        public bool Contains(double microsiemens) => microsiemens >= MinMicrosiemens && microsiemens <= MaxMicrosiemens;

        /// <summary>Throws <see cref="UsageException"/> naming the window when the conductance target <paramref name="microsiemens"/> is outside it.</summary>
        public void RequireMicrosiemens(string what, double microsiemens)
        {
            if (!Contains(microsiemens))
            {
                throw new UsageException(what + " " + N(microsiemens) + " µS is outside the device window of profile '" + Profile + "': give " + MicrosiemensText);
            }
        }

        /// <summary>Throws <see cref="UsageException"/> naming the window when the resistance target <paramref name="ohms"/> is outside it.</summary>
        public void RequireOhms(string what, double ohms)
        {
            if (!(ohms >= LrsOhms && ohms <= HrsOhms))
            {
                throw new UsageException(what + " " + N(ohms) + " ohm is outside the device window of profile '" + Profile + "': give " + OhmsText);
            }
        }

        private static string N(double v) => v.ToString(v >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
    }
}
