namespace CimController.Protocol.Messages
{
    /// <summary>Flags of a Vmm request and its VmmResult.</summary>
    public static class VmmFlags
    {
        /// <summary>Also return the differential result code[2k] - code[2k+1] for each adjacent column pair (columns must be even).</summary>
        public const int Differential = 0x01;
        /// <summary>Reply only (1.4): the request asked for more than one conversion per vector; the codes are u16 sums of the conversions' codes and the differential codes are differences of sums.</summary>
        public const int Summed = 0x02;
        /// <summary>Request only (1.7): bits 4-7 hold row copies - 1 (<see cref="VmmRequest.RowCopies"/>); 0 = one copy, as before 1.7.</summary>
        public const int RowCopiesMask = 0xF0;
        /// <summary>Position of the row copies field in the flags.</summary>
        public const int RowCopiesShift = 4;
    }
}
