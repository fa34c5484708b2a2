using System;
using System.Collections.Generic;
using System.Device.Spi;
using System.Linq;
using System.Reflection;
using CimController.Firmware;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using UnitsNet;
using IotAd5328 = Iot.Device.DAC.AD5328;
using IotMcp3208 = Iot.Device.Adc.Mcp3208;

namespace CimController.DiscreteBoard.Tests;

/// <summary>
/// The core's <see cref="Ad5328"/> and <see cref="Mcp3208"/> (over a recording <see cref="CimController.Protocol.Board.ISpiBus"/>)
/// against .NET IoT's bindings <c>Iot.Device.DAC.AD5328</c> and <c>Iot.Device.Adc.Mcp3208</c> (Iot.Device.Bindings 4.2.0,
/// over a recording <see cref="SpiDevice"/>) for the same operations: the bytes each puts on MOSI, the codes each decodes
/// from the same MISO bytes, and where they differ, exactly how.
/// </summary>
[TestClass]
public sealed class IotBindingsCrossCheckTests
{
    /// <summary>The board's DAC span: VREF 2.5 V with GAIN = 2 (boards/discrete-dac-adc-board.md).</summary>
    private static readonly double FullScaleVolts = DiscreteBoardDefinition.Standard().DacFullScaleMicrovolts / 1e6;

    /// <summary>
    /// The voltage that makes the binding send <paramref name="code"/>. The binding computes
    /// round(V / (reference / 4095)), so code x reference / 4095 maps back to the code (checked for every code below);
    /// it is given the board's full scale as its "reference", since it knows nothing of GAIN.
    /// </summary>
    private static ElectricPotential BindingVolts(int code) => ElectricPotential.FromVolts(code * FullScaleVolts / 4095);

    private static IotRecordingSpiDevice DacDevice() => new(new SpiConnectionSettings(0, 0) { Mode = SpiMode.Mode1, ClockFrequency = 10_000_000 });

    private static IotRecordingSpiDevice AdcDevice() => new(new SpiConnectionSettings(0, 1) { Mode = SpiMode.Mode0, ClockFrequency = 1_000_000 });

    [TestMethod]
    public void DacDataWordsAreTheSameBytesForEveryChannelAndCode()
    {
        var bus = new IotCrossCheckBus();
        var core = new Ad5328(bus);
        var device = DacDevice();
        var binding = new IotAd5328(device, ElectricPotential.FromVolts(FullScaleVolts), ElectricPotential.FromVolts(FullScaleVolts));
        for (int channel = 0; channel < Ad5328.Channels; channel++)
        {
            for (int code = 0; code <= Ad5328.MaxCode; code++)
            {
                core.WriteInput(channel, code);
                binding.SetVoltage((ushort)channel, BindingVolts(code));
            }
        }

        Assert.AreEqual(Ad5328.Channels * Ad5328.CodeSpan, bus.Records.Count);
        Assert.AreEqual(bus.Records.Count, device.Records.Count, "one transaction per word on both sides");
        for (int i = 0; i < bus.Records.Count; i++)
        {
            IotSpiRecord ours = bus.Records[i], theirs = device.Records[i];
            int expected = ((i / Ad5328.CodeSpan) << 12) | (i % Ad5328.CodeSpan);
            Assert.AreEqual(expected.ToString("X4"), ours.SentHex, $"core word {i}");
            Assert.AreEqual(ours.SentHex, theirs.SentHex, $"word {i}: channel {i / Ad5328.CodeSpan}, code {i % Ad5328.CodeSpan}");
            // Same MOSI bytes; the binding makes a write-only transaction, the core a full-duplex one whose MISO
            // bytes it ignores (the AD5328 has no data output).
            Assert.AreEqual("Write", theirs.Call);
        }
    }

    [TestMethod]
    public void BindingVoltageScaleSendsOneCodeLowInTheUpperHalf()
    {
        // The data sheet puts code c at c x full scale / 4096 (the core's DacCode and the emulator use that scale);
        // the binding divides by full scale / 4095. Asked for the data sheet's voltage of c it sends
        // round(c x 4095 / 4096): c up to mid-scale, c - 1 above (c = 2048 is 2047.5, rounded to even).
        var device = DacDevice();
        var binding = new IotAd5328(device, ElectricPotential.FromVolts(FullScaleVolts), ElectricPotential.FromVolts(FullScaleVolts));
        for (int code = 0; code <= Ad5328.MaxCode; code++)
        {
            binding.SetVoltage(0, ElectricPotential.FromVolts(code * FullScaleVolts / Ad5328.CodeSpan));
            int sent = Convert.ToInt32(device.Records[^1].SentHex, 16);
            Assert.AreEqual(code <= 2048 ? code : code - 1, sent, $"data sheet voltage of code {code}");
        }

        // Given the reference pins' 2.5 V, as its README does, the binding refuses every voltage above 2.5 V: the
        // upper half of the board's 0..5 V span (GAIN = 2), where the V/2 pulses' high lines go.
        var atReference = new IotAd5328(device, ElectricPotential.FromVolts(2.5), ElectricPotential.FromVolts(2.5));
        int before = device.Records.Count;
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => atReference.SetVoltage(0, ElectricPotential.FromVolts(2.501)));
        Assert.AreEqual(before, device.Records.Count, "nothing sent");
    }

    [TestMethod]
    public void BoardOperationsDifferOnlyByTheControlWordsTheBindingCannotSend()
    {
        // The core driver's words for Init, a cell read and a two-pulse train, recorded on the way to the emulated chips.
        var f = new DiscreteFixture(init: false);
        var dacBus = new IotCrossCheckBus(f.Board.Dac);
        var adcBus = new IotCrossCheckBus(f.Board.Adc);
        var driver = new DiscreteBoardDriver(dacBus, adcBus, f.Clock, DiscreteBoardDefinition.Standard(), f.Config);
        driver.Init(f.Config.ReadMillivolts);
        driver.ReadCell(0, 1, 2);
        driver.ApplyPulse(0, 1, 2, 2000, 20_000, 2);

        // The binding's API is SetVoltage (a data word) and nothing else: no reset, GAIN/BUF/VDD, power-down or LDAC word.
        string[] api = typeof(IotAd5328).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "Dispose", "SetVoltage" }, api);

        // Replaying the data words through the binding gives the same bytes; what it cannot send are the control
        // words (bit 15 set): reset, GAIN 2 with buffered references, all channels up and LDAC "high" once at Init,
        // then an LDAC single update per step. Without them the outputs start at GAIN 1 (0..2.5 V), and in the
        // power-on LDAC mode every data word reaches its output at once: a pulse's row and column edges land one
        // word (1.6 us at 10 MHz) apart instead of together, and a Vmm's rows change one by one.
        var device = DacDevice();
        var binding = new IotAd5328(device, ElectricPotential.FromVolts(FullScaleVolts), ElectricPotential.FromVolts(FullScaleVolts));
        var data = new List<string>();
        var control = new List<string>();
        foreach (IotSpiRecord word in dacBus.Records)
        {
            if ((word.Sent[0] & 0x80) != 0)
            {
                control.Add(word.SentHex);
                continue;
            }
            data.Add(word.SentHex);
            int value = (word.Sent[0] << 8) | word.Sent[1];
            binding.SetVoltage((ushort)(value >> 12), BindingVolts(value & 0xFFF));
        }
        CollectionAssert.AreEqual(data, device.Records.Select(r => r.SentHex).ToList());
        CollectionAssert.AreEqual(new[] { "F000", "803C", "C000", "A001" }, control.Take(4).ToList(), "Init's setup words");
        // Updates: Init 1, the read 2 (row up, row back), the pulse train 1 + 2 per pulse + 1 (mode line up and down).
        CollectionAssert.AreEqual(Enumerable.Repeat("A002", 1 + 2 + 1 + 2 * 2 + 1).ToList(), control.Skip(4).ToList(), "LDAC single updates");
    }

    [TestMethod]
    public void BindingSendsOutOfRangeChannelsAndNegativeVoltagesAsControlWords()
    {
        var bus = new IotCrossCheckBus();
        var core = new Ad5328(bus);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => core.WriteInput(8, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => core.WriteInput(0, -1));
        Assert.AreEqual(0, bus.Records.Count, "the core driver sends nothing out of range");

        // The binding checks neither the channel nor the sign: the channel's bit 3 lands in bit 15 (control word) and a
        // negative code, narrowed to 16 bits, sets bits 15-12.
        var device = DacDevice();
        var binding = new IotAd5328(device, ElectricPotential.FromVolts(2.5), ElectricPotential.FromVolts(2.5));
        binding.SetVoltage(8, ElectricPotential.FromVolts(0));
        binding.SetVoltage(15, ElectricPotential.FromVolts(1));
        binding.SetVoltage(0, ElectricPotential.FromVolts(-1));
        CollectionAssert.AreEqual(
            new[]
            {
                "8000", // GAIN/BUF/VDD all clear: GAIN 1 halves the board's span, references unbuffered
                "F666", // data and control reset: every output to 0 V
                "F99A", // -1638 as 16 bits: data and control reset again
            },
            device.Records.Select(r => r.SentHex).ToList());
    }

    [TestMethod]
    public void AdcReadsSendTheSameRequestAndDecodeTheSameCodeFromEveryAnswer()
    {
        const int seed = 3208;
        Console.WriteLine($"seed {seed}: random don't-care MISO bits around every code of every channel");
        var random = new Random(seed);
        var bus = new IotCrossCheckBus();
        var core = new Mcp3208(bus);
        var device = AdcDevice();
        var binding = new IotMcp3208(device);
        for (int channel = 0; channel < Mcp3208.Channels; channel++)
        {
            for (int code = 0; code <= Mcp3208.MaxCode; code++)
            {
                // Byte 0 and the top three bits of byte 1 are clocked while the request goes out (MISO undriven);
                // bit 4 of byte 1 is the null bit (low); then B11..B0.
                byte[] answer = { (byte)random.Next(256), (byte)((random.Next(8) << 5) | (code >> 8)), (byte)code };
                bus.Answer(answer);
                device.Answer(answer);
                Assert.AreEqual(code, core.ReadSingleEnded(channel), $"core, channel {channel}");
                Assert.AreEqual(code, binding.Read(channel), $"binding, channel {channel}");
                IotSpiRecord ours = bus.Records[^1], theirs = device.Records[^1];
                Assert.AreEqual(ours.SentHex, theirs.SentHex, $"request for channel {channel}");
                Assert.AreEqual($"{0x06 | (channel >> 2):X2}{(channel & 3) << 6:X2}00", ours.SentHex, "start, SGL, D2 | D1 D0 | 8 clocks");
                Assert.AreEqual("TransferFullDuplex", theirs.Call);
            }
        }
        Assert.AreEqual(Mcp3208.Channels * 4096, device.Records.Count, "one 3-byte transaction per conversion");
    }

    [TestMethod]
    public void AdcNullBitHighAndOutOfRangeChannelsAreRejectedByBoth()
    {
        var bus = new IotCrossCheckBus();
        var core = new Mcp3208(bus);
        var device = AdcDevice();
        var binding = new IotMcp3208(device);
        byte[] floating = { 0xFF, 0xFF, 0xFF };
        bus.Answer(floating);
        device.Answer(floating);
        // Both send the request, then refuse the answer; the core's exception names the board error and what to check.
        var e = Assert.ThrowsExactly<BoardException>(() => core.ReadSingleEnded(5));
        StringAssert.Contains(e.Message, "null bit");
        Assert.ThrowsExactly<InvalidOperationException>(() => binding.Read(5));
        Assert.AreEqual(bus.Records[0].SentHex, device.Records[0].SentHex);

        foreach (int channel in new[] { -1, 8 })
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => core.ReadSingleEnded(channel));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => binding.Read(channel));
        }
        Assert.AreEqual(1, bus.Records.Count);
        Assert.AreEqual(1, device.Records.Count);
    }

    [TestMethod]
    public void BindingsLeaveSpiModeAndClockToTheDevice()
    {
        // Neither binding reads the device's settings: the mode and clock are the ones the device was opened with,
        // as with the runner's SpidevSpiBus (DAC mode 1, ADC mode 0, from the data sheets). The AD5328 binding's
        // README opens its device in mode 2, which like mode 1 shifts data in on the falling SCLK edge.
        var dacDevice = DacDevice();
        var adcDevice = AdcDevice();
        var dac = new IotAd5328(dacDevice, ElectricPotential.FromVolts(FullScaleVolts), ElectricPotential.FromVolts(FullScaleVolts));
        var adc = new IotMcp3208(adcDevice);
        for (int channel = 0; channel < 8; channel++)
        {
            dac.SetVoltage((ushort)channel, BindingVolts(2048));
            adc.Read(channel);
        }
        Assert.AreEqual(0, dacDevice.SettingsReads);
        Assert.AreEqual(0, adcDevice.SettingsReads);
        Assert.IsTrue(dacDevice.Records.All(r => r.Call == "Write" && r.Sent.Length == 2), "DAC: 2-byte writes only");
        Assert.IsTrue(adcDevice.Records.All(r => r.Call == "TransferFullDuplex" && r.Sent.Length == 3), "ADC: 3-byte full-duplex transfers only");
    }
}
