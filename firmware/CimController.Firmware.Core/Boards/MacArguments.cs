using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>The checks every board driver makes on a MAC's conversions and row copies before it touches the board.</summary>
    public static class MacArguments
    {
        /// <summary>Conversions 1..128; exactly 1 when the codes are not summed (u8 codes).</summary>
        public static void CheckConversions(int conversions, bool summed)
        {
            if (conversions < 1 || conversions > BoardRegister.MaxConversions || (!summed && conversions != 1))
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "MAC conversions per vector " + conversions.ToString() + " is outside 1.." + BoardRegister.MaxConversions.ToString() +
                    (summed ? "" : " (1 without summed codes)"));
            }
        }

        /// <summary>Row copies 1..16 that divide the window's rows.</summary>
        public static void CheckRowCopies(int copies, int rows)
        {
            if (copies < 1 || copies > BoardRegister.MaxRowRepeat || rows % copies != 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "MAC row copies " + copies.ToString() + " is outside 1.." + BoardRegister.MaxRowRepeat.ToString() +
                    " or does not divide the window's " + rows.ToString() + " rows");
            }
        }
    }
}
