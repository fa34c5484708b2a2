using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace CimController.Firmware.Esp32
{
    /// <summary>
    /// <see cref="IHostLink"/> over one accepted TCP connection (nanoFramework System.Net). Reads poll
    /// Socket.Available; a readable socket with nothing available is a closed connection (-1).
    /// <see cref="AcceptNext"/> serves one host at a time on the listening socket.
    /// </summary>
    public sealed class Esp32TcpLink : IHostLink
    {
        private const int PollSleepMs = 1;

        private readonly Socket _socket;

        private Esp32TcpLink(Socket socket)
        {
            _socket = socket;
        }

        /// <summary>Binds and listens on <paramref name="port"/> (all interfaces).</summary>
        public static Socket Listen(int port)
        {
            Socket listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, port));
            listener.Listen(1);
            return listener;
        }

        /// <summary>Blocks until a host connects; returns its link.</summary>
        public static Esp32TcpLink AcceptNext(Socket listener)
        {
            Socket s = listener.Accept();
            s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
            return new Esp32TcpLink(s);
        }

        /// <summary>Closes the connection.</summary>
        public void Close()
        {
            _socket.Close();
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            long deadline = System.Environment.TickCount64 + timeoutMs;
            try
            {
                while (true)
                {
                    int available = _socket.Available;
                    if (available > 0)
                    {
                        return _socket.Receive(buffer, offset, available < count ? available : count, SocketFlags.None);
                    }
                    if (_socket.Poll(0, SelectMode.SelectRead))
                    {
                        return -1;
                    }
                    if (System.Environment.TickCount64 >= deadline)
                    {
                        return 0;
                    }
                    Thread.Sleep(PollSleepMs);
                }
            }
            catch (SocketException)
            {
                return -1;
            }
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            try
            {
                while (count > 0)
                {
                    int n = _socket.Send(buffer, offset, count, SocketFlags.None);
                    offset += n;
                    count -= n;
                }
            }
            catch (SocketException e)
            {
                throw new System.IO.IOException("TCP write failed: " + e.Message);
            }
        }
    }
}
