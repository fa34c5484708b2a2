using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CimController.Cli
{
    /// <summary>Writes cimctl's single JSON document to stdout.</summary>
    public static class JsonOutput
    {
        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true };

        /// <summary>Prints <paramref name="document"/> as indented JSON followed by a newline.</summary>
        public static void Write(JsonNode document)
        {
            Console.Out.WriteLine(document.ToJsonString(Indented));
            Console.Out.Flush();
        }

        /// <summary>A JSON array of the values.</summary>
        public static JsonArray Array<T>(T[] values)
        {
            var array = new JsonArray();
            foreach (T v in values)
            {
                array.Add(JsonValue.Create(v));
            }
            return array;
        }

        /// <summary>A JSON array of arrays: <paramref name="values"/> cut into rows of <paramref name="width"/>.</summary>
        public static JsonArray Rows<T>(T[] values, int width)
        {
            var rows = new JsonArray();
            for (int at = 0; at < values.Length; at += width)
            {
                var row = new JsonArray();
                for (int i = at; i < Math.Min(values.Length, at + width); i++)
                {
                    row.Add(JsonValue.Create(values[i]));
                }
                rows.Add(row);
            }
            return rows;
        }
    }
}
