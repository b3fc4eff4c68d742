/// A small SVG drawing: shapes and text in a view box that scales to its container, with a
/// title and description for screen readers. Coordinates are written with one decimal.
struct SVGChart {
    let width: Double
    let height: Double
    private(set) var body: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func number(_ value: Double) -> String {
        compactDecimal(value, maximumPlaces: 1)
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, pattern: String? = nil, label: String? = nil) {
        let n = Self.number
        var element = "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\""
        if let pattern { element += " class=\"\(pattern)\"" }
        if let label {
            element += "><title>\(Markup.text(label))</title></rect>"
        } else {
            element += "/>"
        }
        body.append(element)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dashed: Bool = false) {
        let n = Self.number
        body.append(
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dashed: Bool = false) {
        guard points.count > 1 else { return }
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        body.append(
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"\(dashed ? " stroke-dasharray=\"5 3\"" : "")/>")
    }

    /// A dot, filled or hollow, with a tooltip.
    mutating func circle(x: Double, y: Double, radius: Double, color: String, filled: Bool = true, label: String? = nil) {
        let n = Self.number
        let paint = filled ? "fill=\"\(color)\"" : "fill=\"#ffffff\" stroke=\"\(color)\" stroke-width=\"2\""
        if let label {
            body.append("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" \(paint)><title>\(Markup.text(label))</title></circle>")
        } else {
            body.append("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" \(paint)/>")
        }
    }

    /// Text; with a `halo`, a white outline keeps it legible over lines.
    mutating func text(
        _ value: String, x: Double, y: Double, anchor: String = "start", size: Double = smallText, weight: String? = nil, color: String = "#222222",
        halo: Bool = false
    ) {
        let n = Self.number
        body.append(
            "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(n(size))\" fill=\"\(color)\"\(weight.map { " font-weight=\"\($0)\"" } ?? "")"
                + (halo ? " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"" : "") + ">\(Markup.text(value))</text>")
    }

    /// The smallest text a chart draws: never under 11 px on screen, since a chart is never shown
    /// smaller than its own size (see `ChartShape`).
    static let smallText = 11.0

    /// The finished `<svg>`, labelled by its title and description.
    func markup(id: String, title: String, description: String, shape: ChartShape? = nil) -> String {
        let n = Self.number
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(width)) \(n(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" class="chart\(shape.map { " " + $0.rawValue } ?? "")">
            <title id="\(id)-title">\(Markup.text(title))</title>
            <desc id="\(id)-desc">\(Markup.text(description))</desc>
            \(body.joined(separator: "\n"))
            </svg>
            """
    }
}

/// The two shapes of a chart that is too wide for a phone: `wide`, shown on screens from 48rem
/// across, where it fits at its own size or larger, and `narrow` (360 wide), shown below that.
/// The page's style sheet shows one of them, so a chart's text is never shrunk.
enum ChartShape: String, CaseIterable {
    case wide, narrow

    static let narrowWidth = 360.0

    /// The chart's width in this shape, given its wide one.
    func width(_ wide: Double) -> Double {
        self == .wide ? wide : Self.narrowWidth
    }

    /// A suffix that keeps the two drawings' ids apart.
    var idSuffix: String { self == .wide ? "" : "-narrow" }
}

/// Where a chart of labelled rows puts each row: its label in a column on the left (wide), or
/// on a line of its own above the row's marks (narrow), so neither needs smaller text.
struct RowLayout {
    let width: Double
    let labelWidth: Double
    let markHeight: Double
    let top = 8.0

    init(_ shape: ChartShape, width: Double, labelWidth: Double, markHeight: Double) {
        self.width = shape.width(width)
        self.labelWidth = shape == .wide ? labelWidth : 0
        self.markHeight = markHeight
    }

    var labelsAbove: Bool { labelWidth == 0 }
    /// Where the marks start.
    var plotLeft: Double { labelsAbove ? 4 : labelWidth }
    var rowHeight: Double { markHeight + (labelsAbove ? 24 : 8) }

    /// The top of row `index`'s marks.
    func marksTop(_ index: Int) -> Double {
        top + Double(index) * rowHeight + (labelsAbove ? 17 : 0)
    }

    /// Below the last of `rows` rows.
    func bottom(_ rows: Int) -> Double {
        top + Double(rows) * rowHeight
    }

    /// Row `index`'s label, cut to what fits (a label above its marks is a little larger, over the lines).
    func label(_ text: String, row index: Int, in chart: inout SVGChart) {
        let fits = Int(labelsAbove ? (width - plotLeft) / 6.8 : (labelWidth - 12) / 6.2)
        let baseline = marksTop(index) + (labelsAbove ? -5 : markHeight / 2 + 4)
        chart.text(
            TextLayout.truncate(text, fits), x: labelsAbove ? plotLeft : labelWidth - 8, y: baseline, anchor: labelsAbove ? "start" : "end",
            size: labelsAbove ? 12 : SVGChart.smallText, halo: labelsAbove)
    }
}
