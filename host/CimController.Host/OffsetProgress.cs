using System;

namespace CimController.Host
{
    /// <summary>Reports a request's progress (cells done in it) as progress of the whole job, synchronously.</summary>
    internal sealed class OffsetProgress : IProgress<CimProgress>
    {
        private readonly IProgress<CimProgress> _outer;
        private readonly long _offset;
        private readonly long _total;

        public OffsetProgress(IProgress<CimProgress> outer, long offset, long total)
        {
            _outer = outer;
            _offset = offset;
            _total = total;
        }

        public void Report(CimProgress value)
        {
            _outer.Report(new CimProgress(value.Stage, _offset + value.Done, _total));
        }
    }
}
