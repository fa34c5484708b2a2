using System.Text.RegularExpressions;

namespace CimController.Cli
{
    /// <summary>
    /// Rewrites System.CommandLine's conversion errors ("Cannot parse argument 'abc' for option '--seed' as expected type
    /// 'System.Int32'.") into cimctl's form: the option, the value and what is accepted, without .NET type names.
    /// Other parser messages pass unchanged.
    /// </summary>
    public static partial class ParseErrorText
    {
        [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'\.?$")]
        private static partial Regex ConversionError();

        /// <summary>The message in cimctl's form.</summary>
        public static string Rewrite(string message)
        {
            Match m = ConversionError().Match(message);
            if (!m.Success)
            {
                return message;
            }
            return m.Groups["option"].Value + " '" + m.Groups["value"].Value + "' is not valid; give " + Accepted(m.Groups["type"].Value);
        }

        private static string Accepted(string type)
        {
            if (type.Contains("System.Int32") || type.Contains("System.Int64") || type.Contains("System.UInt32"))
            {
                return "a whole number, e.g. 4";
            }
            if (type.Contains("System.Double") || type.Contains("System.Single") || type.Contains("System.Decimal"))
            {
                return "a number, e.g. 0.5 or 2e3";
            }
            if (type.Contains("System.Boolean"))
            {
                return "true or false (or leave the value out)";
            }
            return "a value of the form --help shows";
        }
    }
}
