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

    mutating func text(_ value: String, x: Double, y: Double, anchor: String = "start", size: Double = 12, weight: String? = nil, color: String = "#222222") {
        let n = Self.number
        body.append(
            "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(n(size))\" fill=\"\(color)\"\(weight.map { " font-weight=\"\($0)\"" } ?? "")>\(Markup.text(value))</text>")
    }

    /// The finished `<svg>`, labelled by its title and description.
    func markup(id: String, title: String, description: String) -> String {
        let n = Self.number
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(width)) \(n(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" class="chart">
            <title id="\(id)-title">\(Markup.text(title))</title>
            <desc id="\(id)-desc">\(Markup.text(description))</desc>
            \(body.joined(separator: "\n"))
            </svg>
            """
    }
}
