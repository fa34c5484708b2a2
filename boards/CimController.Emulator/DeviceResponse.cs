using System;

namespace CimController.Emulator
{
    /// <summary>One programming pulse as the board applies it to one cell.</summary>
    /// <param name="AmplitudeVolts">Pulse amplitude, V (always positive; see <paramref name="IsReset"/>).</param>
    /// <param name="IsReset">True for a RESET (negative, conductance-lowering) pulse, false for SET.</param>
    /// <param name="WidthNanoseconds">Pulse width, ns.</param>
    /// <param name="Tile">Tile of the cell.</param>
    /// <param name="Row">Row of the cell.</param>
    /// <param name="Column">Column of the cell.</param>
    public readonly record struct ProgrammingPulse(double AmplitudeVolts, bool IsReset, double WidthNanoseconds, int Tile, int Row, int Column);

    /// <summary>
    /// How one programming pulse changes a cell's conductance. The board calls it once per pulse of a PULSE
    /// command. Replaceable (<see cref="EmulatorOptions.DeviceResponse"/>) by a device-physics model.
    /// </summary>
    public interface IDeviceResponse
    {
        /// <summary>Returns the conductance (uS) after <paramref name="pulse"/> is applied to a cell at <paramref name="conductanceMicrosiemens"/>.</summary>
        float Apply(float conductanceMicrosiemens, in ProgrammingPulse pulse);
    }

    /// <summary>
    /// First, deliberately simple device response ("ideal linear"): a SET pulse at or above the profile's SET
    /// threshold (Wu 2023: 1.5 V) raises G by <c>step * min(1, (V - Vth) / (Vmax - Vth))</c>, where step is
    /// <see cref="DeviceProfile.PulseStepMicrosiemens"/> and Vmax <see cref="DeviceProfile.MaxSetVolts"/>
    /// (Wu 2023: 3 V); a RESET pulse lowers it symmetrically with the RESET figures; a pulse exactly at the
    /// threshold moves nothing, one at or above Vmax moves a whole step. G stays within
    /// [<see cref="DeviceProfile.ConductanceMinMicrosiemens"/>, <see cref="DeviceProfile.ConductanceMaxMicrosiemens"/>].
    /// Width, cell position and history have no effect; no noise, no stuck cells.
    /// </summary>
    public sealed class LinearDeviceResponse : IDeviceResponse
    {
        private readonly DeviceProfile profile;

        /// <summary>Creates the response for a profile.</summary>
        public LinearDeviceResponse(DeviceProfile profile)
        {
            this.profile = profile ?? throw new ArgumentNullException(nameof(profile));
        }

        /// <inheritdoc/>
        public float Apply(float conductanceMicrosiemens, in ProgrammingPulse pulse)
        {
            double threshold = pulse.IsReset ? profile.ResetThresholdVolts : profile.SetThresholdVolts;
            double max = pulse.IsReset ? profile.MaxResetVolts : profile.MaxSetVolts;
            if (pulse.AmplitudeVolts < threshold)
                return conductanceMicrosiemens;
            double fraction = max > threshold ? Math.Min(1.0, (pulse.AmplitudeVolts - threshold) / (max - threshold)) : 1.0;
            double delta = profile.PulseStepMicrosiemens * fraction * (pulse.IsReset ? -1 : 1);
            double g = Math.Clamp(conductanceMicrosiemens + delta, profile.ConductanceMinMicrosiemens, profile.ConductanceMaxMicrosiemens);
            return (float)g;
        }
    }
}
