/// Maps colours to what a terminal can show. Themes are written once, in any colours; the
/// terminal's depth decides at `Theme.resolve` what is sent.
enum ColorDownsampling {
    /// The six levels of each channel in xterm's 6×6×6 colour cube (indexes 16…231).
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The nearest of the 256 indexed colours: the nearest cube colour or the nearest of the 24
    /// greys (232…255: 8, 18, … 238), whichever is closer. A tie goes to the cube.
    static func index256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let (r, g, b) = (Int(r), Int(g), Int(b))
        let (qr, qg, qb) = (nearestCubeLevel(r), nearestCubeLevel(g), nearestCubeLevel(b))
        let cube = (cubeLevels[qr], cubeLevels[qg], cubeLevels[qb])
        let average = (r + g + b) / 3
        let greyStep = min(23, max(0, (average - 8 + 5) / 10))
        let grey = 8 + 10 * greyStep
        if distance((r, g, b), (grey, grey, grey)) < distance((r, g, b), cube) {
            return UInt8(232 + greyStep)
        }
        return UInt8(16 + 36 * qr + 6 * qg + qb)
    }

    /// The nearest of the eight basic colours (0 black … 7 white), taken as the corners of the
    /// RGB cube: each terminal shades them its own way, and measuring against one terminal's
    /// shades misleads (against xterm's, mid grey is nearest to its dull yellow). The nearest
    /// corner is found channel by channel, the ANSI numbers being bit sets (red 1, green 2,
    /// blue 4).
    static func basic8(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        (r >= 128 ? 1 : 0) | (g >= 128 ? 2 : 0) | (b >= 128 ? 4 : 0)
    }

    /// The colour of an indexed colour from the cube (16…231) or the greys (232…255).
    static func rgb(ofIndex i: UInt8) -> (UInt8, UInt8, UInt8) {
        if i >= 232 {
            let v = UInt8(8 + 10 * (Int(i) - 232))
            return (v, v, v)
        }
        let n = Int(i) - 16
        return (UInt8(cubeLevels[n / 36]), UInt8(cubeLevels[(n / 6) % 6]), UInt8(cubeLevels[n % 6]))
    }

    /// A colour as an 8-colour terminal shows it, and whether it needs bold to look bright:
    /// bright ANSI colours (8…15) become their base colour in bold, as such terminals draw them.
    static func toBasic8(_ color: Color) -> (Color, bold: Bool) {
        switch color {
        case .terminalDefault: (.terminalDefault, false)
        case .ansi(let n): fromANSI16(n)
        case .indexed(let n) where n < 16: fromANSI16(n)
        case .indexed(let n): (.ansi(basic8Index(n)), false)
        case .rgb(let r, let g, let b): (.ansi(basic8(r, g, b)), false)
        }
    }

    private static func fromANSI16(_ n: UInt8) -> (Color, bold: Bool) {
        n < 8 ? (.ansi(n), false) : (.ansi((n - 8) % 8), true)
    }

    /// A colour as a 256-colour terminal shows it.
    static func to256(_ color: Color) -> Color {
        if case .rgb(let r, let g, let b) = color { return .indexed(index256(r, g, b)) }
        return color
    }

    private static func basic8Index(_ i: UInt8) -> UInt8 {
        let (r, g, b) = rgb(ofIndex: i)
        return basic8(r, g, b)
    }

    private static func nearestCubeLevel(_ v: Int) -> Int {
        cubeLevels.indices.min { abs(cubeLevels[$0] - v) < abs(cubeLevels[$1] - v) }!
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return dr * dr + dg * dg + db * db
    }
}
