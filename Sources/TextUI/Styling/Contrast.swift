import Foundation

/// Contrast as WCAG 2 measures it, for checking that a theme's text can be read: the ratio of
/// the lighter colour's relative luminance to the darker's, each plus 0.05, from 1 (the same)
/// to 21 (black and white). WCAG asks 4.5 for text and 3 for large text and graphics.
public enum Contrast {
    public struct RGB: Hashable, Sendable {
        public var red, green, blue: UInt8
        public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    /// xterm's colours for the 16 ANSI colours. Each terminal shades them its own way; xterm's
    /// are the usual reference, and what its 256-colour palette begins with.
    public static let xterm16: [RGB] = [
        RGB(0x00, 0x00, 0x00), RGB(0xcd, 0x00, 0x00), RGB(0x00, 0xcd, 0x00), RGB(0xcd, 0xcd, 0x00),
        RGB(0x00, 0x00, 0xee), RGB(0xcd, 0x00, 0xcd), RGB(0x00, 0xcd, 0xcd), RGB(0xe5, 0xe5, 0xe5),
        RGB(0x7f, 0x7f, 0x7f), RGB(0xff, 0x00, 0x00), RGB(0x00, 0xff, 0x00), RGB(0xff, 0xff, 0x00),
        RGB(0x5c, 0x5c, 0xff), RGB(0xff, 0x00, 0xff), RGB(0x00, 0xff, 0xff), RGB(0xff, 0xff, 0xff),
    ]

    /// A colour as xterm shows it; nil for the terminal's own colours, which only the terminal knows.
    public static func xtermRGB(_ color: Color) -> RGB? {
        switch color {
        case .terminalDefault: return nil
        case .ansi(let n): return xterm16[Int(n % 16)]
        case .indexed(let n) where n < 16: return xterm16[Int(n)]
        case .indexed(let n):
            let (r, g, b) = ColorDownsampling.rgb(ofIndex: n)
            return RGB(r, g, b)
        case .rgb(let r, let g, let b): return RGB(r, g, b)
        }
    }

    /// The terminal's own text and background colours on a `background` as xterm's palette
    /// has them: light grey (color7) on black, or black on white (color15).
    public static func terminalColors(on background: TerminalBackground) -> (foreground: RGB, background: RGB) {
        switch background {
        case .dark: (xterm16[7], xterm16[0])
        case .light: (xterm16[0], xterm16[15])
        }
    }

    /// The contrast of the letters of `appearance` with the cell behind them, on a terminal
    /// of the given background.
    public static func ratio(of appearance: Appearance, on background: TerminalBackground) -> Double {
        let own = terminalColors(on: background)
        func rgb(_ shade: Appearance.Shade) -> RGB {
            switch shade {
            case .terminalForeground: own.foreground
            case .terminalBackground: own.background
            case .color(let c): xtermRGB(c) ?? own.foreground
            }
        }
        return ratio(rgb(appearance.ink), rgb(appearance.paper))
    }

    public static func ratio(_ a: RGB, _ b: RGB) -> Double {
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// WCAG's relative luminance of an sRGB colour.
    static func luminance(_ c: RGB) -> Double {
        func linear(_ v: UInt8) -> Double {
            let s = Double(v) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(c.red) + 0.7152 * linear(c.green) + 0.0722 * linear(c.blue)
    }
}
