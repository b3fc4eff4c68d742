# make_reference.R
#
# Builds an independent reference fixture for cophealth's practice adoption analysis
# (difference in differences) from a seeded, simulated survey with planted effects:
#   survey.json                 survey definition (engagement E1-E3, learning L1-L3 with E3 reverse-keyed,
#                               the outcome O1, the practices question P1; waves w1-w4)
#   responses/adoption.csv      canonical responses (respondent, wave, community, items, O1, P1)
#   expected-shares.csv         per wave x community x option: answered, reporting, share
#   expected-adoption.csv       per adoption event x target: the difference in differences from
#                               lm(score ~ factor(community) + factor(wave) + adopted:after), its CI,
#                               p, BH q within the wave, the pre-trend test and the verdict
# Every lm estimate is cross-checked against the closed form (weighted difference of changes);
# the script stops if they differ by more than 1e-9.
#
# Run (from this folder):   Rscript make_reference.R
#                           Rscript make_reference.R --seeds 1:200   (no files written: how often
#                                                                    the planted story comes out)
# Base R only. Deterministic: set.seed(seed) with the RNG kinds fixed below; running it twice gives
# byte-identical files.

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
seed <- 7                                            # the seed of the fixture (see README: tuning)

# ---- the design ------------------------------------------------------------------
waves <- c("w1", "w2", "w3", "w4")
communities <- c("Analytics", "Backend", "Design", "Frontend", "Platform", "Security")
options <- c("Mentoring", "Show and tell", "Book club")
dims <- c("engagement", "learning")
dim_titles <- c(engagement = "Engagement", learning = "Learning")
items <- c("E1", "E2", "E3", "L1", "L2", "L3")
item_dim <- c(E1 = "engagement", E2 = "engagement", E3 = "engagement",
              L1 = "learning", L2 = "learning", L3 = "learning")
item_rev <- c(E1 = FALSE, E2 = FALSE, E3 = TRUE, L1 = FALSE, L2 = FALSE, L3 = FALSE)
item_text <- c(E1 = "I look forward to our community's meetings.",
               E2 = "I take an active part in the community.",
               E3 = "I often feel like an outsider in this community.",
               L1 = "I learn something useful in this community.",
               L2 = "The community helps me grow my skills.",
               L3 = "I can apply what I learn here in my work.")
outcome_text <- "Overall, I would recommend this community to a colleague."
targets <- c(dims, "O1")

# Respondents per community and wave: drawn uniformly from these ranges (Frontend and Security are
# the larger communities).
size_range <- list(Analytics = 25:45, Backend = 25:45, Design = 25:45,
                   Frontend = 38:45, Platform = 25:45, Security = 38:45)

# Practice shares (%) among the respondents who answered P1, per community (rows) and wave.
# Each community other than the adopters keeps its shares constant; most run one practice at >= 50%
# in every wave (so they are never an adopter of it, nor a comparison for it).
share_plan <- list()
for (c in communities) share_plan[[c]] <- matrix(NA_real_, length(waves), length(options),
                                                 dimnames = list(waves, options))
set_share <- function(c, o, values) share_plan[[c]][, o] <<- values
set_share("Analytics", "Mentoring", 20); set_share("Analytics", "Show and tell", 80); set_share("Analytics", "Book club", 25)
set_share("Backend", "Mentoring", 15);   set_share("Backend", "Show and tell", 20);   set_share("Backend", "Book club", 80)
set_share("Design", "Mentoring", c(15, 15, 80, 80))                 # adopts Mentoring between w2 and w3
set_share("Design", "Show and tell", 25); set_share("Design", "Book club", 75)
set_share("Frontend", "Mentoring", 35);  set_share("Frontend", "Show and tell", 35);  set_share("Frontend", "Book club", 35)
set_share("Platform", "Mentoring", 75)
set_share("Platform", "Show and tell", c(10, 75, 75, 75))           # adopts Show and tell between w1 and w2
set_share("Platform", "Book club", 30)
set_share("Security", "Mentoring", 30); set_share("Security", "Show and tell", 75)
set_share("Security", "Book club", c(20, 20, 20, 70))               # adopts Book club between w3 and w4
p1_empty_rate <- 0.02      # a row leaves P1 empty (did not answer) with this probability
o1_missing_rate <- 0.03    # a row leaves O1 empty with this probability

# Latent scores on the 1-5 scale.
base <- rbind(                    # community baselines: engagement, learning, O1
  Analytics = c(3.4, 3.2, 3.5),
  Backend   = c(3.2, 3.0, 3.3),
  Design    = c(3.5, 3.1, 3.6),
  Frontend  = c(3.3, 3.4, 3.4),
  Platform  = c(3.1, 3.3, 3.2),
  Security  = c(2.7, 3.2, 3.4))
colnames(base) <- targets
wave_shift <- c(w1 = 0, w2 = 0.10, w3 = 0.20, w4 = 0.30)   # common to every community and target
security_engagement_trend <- 0.35                           # Security's engagement: + this per wave
design_learning_effect <- 0.6                               # Design's learning from w3 on
person_sd <- 0.5               # a respondent's own level on each dimension (engagement, learning)
person_cor <- 0.4              # correlation of the two
item_sd <- 0.5                 # noise of each item answer around the respondent's level
o1_sd <- 0.6                   # O1 = baseline + wave shift + 0.4 (engagement level) + 0.4 (learning level) + noise

# ---- output helpers ----------------------------------------------------------------
num <- function(x, digits = 15) ifelse(is.na(x), "", sprintf(paste0("%.", digits, "g"), x))
write_csv <- function(df, path) {
  con <- file(path, open = "wb")   # binary: LF line endings on every platform
  on.exit(close(con))
  lines <- c(paste(names(df), collapse = ","),
             do.call(paste, c(lapply(df, as.character), sep = ",")))
  writeLines(enc2utf8(lines), con, sep = "\n", useBytes = TRUE)
}
json_str <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  paste0("\"", s, "\"")
}

# Per-respondent probabilities: each answering respondent reports each option independently with
# probability p_o, redrawn until at least one option is reported. The p_o are chosen so that the
# expected share among answerers is the planned share s_o: s_o = p_o / (1 - prod(1 - p_k)), i.e.
# p_o = s_o * z with z = 1 - prod(1 - s_k z), which has a root in (0, 1) when sum(s) > 1.
report_probabilities <- function(s) {
  stopifnot(sum(s) > 1.01, all(s < 1))
  f <- function(z) 1 - prod(1 - s * z) - z
  z <- uniroot(f, c(1e-6, 1 - 1e-12), tol = 1e-14)$root
  s * z
}

# ---- generate ----------------------------------------------------------------------
generate <- function(seed) {
  set.seed(seed)
  rows <- list()
  for (w in waves) for (c in communities) {
    r <- size_range[[c]]
    n <- r[sample.int(length(r), 1)]
    p <- report_probabilities(share_plan[[c]][w, ] / 100)
    # P1
    P1 <- character(n)
    for (i in seq_len(n)) {
      if (runif(1) < p1_empty_rate) next
      repeat {
        got <- runif(length(options)) < p
        if (any(got)) break
      }
      P1[i] <- paste(options[got], collapse = ";")
    }
    # latent levels
    z1 <- rnorm(n); z2 <- rnorm(n)
    eta_e <- person_sd * z1
    eta_l <- person_sd * (person_cor * z1 + sqrt(1 - person_cor^2) * z2)
    mu_e <- base[c, "engagement"] + wave_shift[[w]] +
      if (c == "Security") security_engagement_trend * (match(w, waves) - 1) else 0
    mu_l <- base[c, "learning"] + wave_shift[[w]] +
      if (c == "Design" && match(w, waves) >= 3) design_learning_effect else 0
    answer <- function(level) round(pmin(5, pmax(1, level)))
    keyed <- cbind(
      E1 = answer(mu_e + eta_e + rnorm(n, 0, item_sd)),
      E2 = answer(mu_e + eta_e + rnorm(n, 0, item_sd)),
      E3 = answer(mu_e + eta_e + rnorm(n, 0, item_sd)),
      L1 = answer(mu_l + eta_l + rnorm(n, 0, item_sd)),
      L2 = answer(mu_l + eta_l + rnorm(n, 0, item_sd)),
      L3 = answer(mu_l + eta_l + rnorm(n, 0, item_sd)))
    raw <- keyed
    raw[, "E3"] <- 6 - keyed[, "E3"]                           # E3 is reverse-keyed: raw = 6 - keyed
    O1 <- answer(base[c, "O1"] + wave_shift[[w]] + 0.4 * eta_e + 0.4 * eta_l + rnorm(n, 0, o1_sd))
    O1[runif(n) < o1_missing_rate] <- NA
    rows[[length(rows) + 1]] <- data.frame(wave = w, community = c, raw, O1 = O1, P1 = P1,
                                           stringsAsFactors = FALSE)
  }
  d <- do.call(rbind, rows)
  d <- cbind(respondent = sprintf("r%04d", seq_len(nrow(d))), d, stringsAsFactors = FALSE)
  rownames(d) <- NULL
  d
}

# ---- analyse (from the responses as written, by the definitions) -------------------
community_order <- function(x) x[order(tolower(x), x, method = "radix")]   # C-locale order, as cophealth

analyse <- function(d) {
  wave <- d$wave; community <- d$community
  comms <- community_order(unique(community))
  # scores on 0-100 (every row answers all six dimension items here)
  keyed <- as.data.frame(lapply(items, function(it) as.numeric(d[[it]])))
  names(keyed) <- items
  for (it in items[item_rev]) keyed[[it]] <- 6 - keyed[[it]]
  score_of <- list()
  for (dm in dims) {
    m <- rowMeans(keyed[, items[item_dim == dm], drop = FALSE])   # no na.rm: every item answered
    score_of[[dm]] <- (m - 1) / 4 * 100
  }
  score_of[["O1"]] <- (as.numeric(d$O1) - 1) / 4 * 100

  # shares
  chosen <- strsplit(d$P1, ";", fixed = TRUE)
  answered_p1 <- d$P1 != ""
  share_rows <- list()
  share <- array(NA_real_, c(length(waves), length(comms), length(options)),
                 dimnames = list(waves, comms, options))
  for (w in waves) for (c in comms) for (o in options) {
    idx <- which(wave == w & community == c & answered_p1)
    reporting <- sum(vapply(chosen[idx], function(x) o %in% x, logical(1)))
    share[w, c, o] <- 100 * reporting / length(idx)
    share_rows[[length(share_rows) + 1]] <- data.frame(
      wave = w, community = c, option = o, answered = num(length(idx)), reporting = num(reporting),
      share = num(share[w, c, o]), stringsAsFactors = FALSE)
  }
  shares <- do.call(rbind, share_rows)

  # the difference-in-differences regression and its closed form
  did <- function(s, adopter, comparison, before, after) {
    keep <- community %in% c(adopter, comparison) & wave %in% c(before, after) & !is.na(s)
    fd <- data.frame(score = s[keep], community = community[keep], wave = wave[keep],
                     stringsAsFactors = FALSE)
    fd$adopted <- as.numeric(fd$community == adopter)
    fd$after <- as.numeric(fd$wave == after)
    fit <- lm(score ~ factor(community) + factor(wave) + adopted:after, data = fd)
    co <- summary(fit)$coefficients["adopted:after", ]
    ci <- confint(fit, level = 0.95)["adopted:after", ]
    out <- list(difference = co[["Estimate"]], se = co[["Std. Error"]], p = co[["Pr(>|t|)"]],
                ci_low = ci[[1]], ci_high = ci[[2]])
    # closed form
    cell <- function(c, w) fd$score[fd$community == c & fd$wave == w]
    ybar <- function(c, w) mean(cell(c, w))
    n <- function(c, w) length(cell(c, w))
    ss <- function(c, w) sum((cell(c, w) - ybar(c, w))^2)
    wk <- vapply(comparison, function(k) n(k, before) * n(k, after) / (n(k, before) + n(k, after)), 0)
    dk <- vapply(comparison, function(k) ybar(k, after) - ybar(k, before), 0)
    beta <- sum(wk * dk) / sum(wk)
    difference <- (ybar(adopter, after) - ybar(adopter, before)) - beta
    rss <- sum(vapply(c(adopter, comparison), function(k) ss(k, before) + ss(k, after), 0)) +
      sum(wk * (dk - beta)^2)
    df <- nrow(fd) - (length(comparison) + 1) - 2
    se <- sqrt(rss / df * (1 / n(adopter, before) + 1 / n(adopter, after) + 1 / sum(wk)))
    p <- 2 * pt(-abs(difference / se), df)
    ci <- difference + c(-1, 1) * qt(0.975, df) * se
    closed <- c(difference = difference, se = se, p = p, ci_low = ci[1], ci_high = ci[2])
    lmv <- c(difference = out$difference, se = out$se, p = out$p, ci_low = out$ci_low, ci_high = out$ci_high)
    out$gap <- max(abs(closed - lmv))
    if (!(out$gap <= 1e-9)) stop(sprintf("closed form disagrees with lm for %s (%s -> %s): %.3g",
                                         adopter, before, after, out$gap))
    out
  }

  rows <- list(); gap <- 0
  for (ai in 2:length(waves)) {
    a <- waves[ai]; b <- waves[ai - 1]
    for (c in comms) for (o in options) {
      sb <- share[b, c, o]; sa <- share[a, c, o]
      if (!(sb < 50 && sa >= 50 && sa - sb >= 25)) next
      comparison <- comms[comms != c & share[b, comms, o] < 50 & share[a, comms, o] < 50]
      if (length(comparison) == 0) next
      for (tg in targets) {
        s <- score_of[[tg]]
        main <- did(s, c, comparison, b, a)
        gap <- max(gap, main$gap)
        pre_difference <- NA_real_; pre_p <- NA_real_; pre_se <- NA_real_
        if (ai > 2) {
          p0 <- waves[ai - 2]
          pre_comparison <- comparison[share[p0, comparison, o] < 50]
          if (share[p0, c, o] < 50 && length(pre_comparison) > 0) {
            pre <- did(s, c, pre_comparison, p0, b)
            gap <- max(gap, pre$gap)
            pre_difference <- pre$difference; pre_p <- pre$p; pre_se <- pre$se
          }
        }
        rows[[length(rows) + 1]] <- data.frame(
          wave_before = b, wave = a, community = c, question = "P1", practice = o,
          share_before = sb, share = sa, dimension = tg,
          difference = main$difference, ci_low = main$ci_low, ci_high = main$ci_high, p = main$p,
          q = NA_real_, pre_difference = pre_difference, pre_p = pre_p,
          comparison_communities = length(comparison), verdict = NA_character_,
          se = main$se, pre_se = pre_se, comparison_names = paste(comparison, collapse = " "),
          stringsAsFactors = FALSE)
      }
    }
  }
  adoption <- do.call(rbind, rows)
  for (w in unique(adoption$wave)) {
    sel <- adoption$wave == w
    adoption$q[sel] <- p.adjust(adoption$p[sel], "BH")
  }
  adoption$verdict <- ifelse(!is.na(adoption$pre_p) & adoption$pre_p < 0.05, "pre-trend",
                             ifelse(adoption$q < 0.05, "supported", "not supported"))
  list(shares = shares, share = share, adoption = adoption, gap = gap, score_of = score_of)
}

# The planted story: these nine rows with these verdicts, and no other adoption event.
planned <- data.frame(
  wave = rep(c("w2", "w3", "w4"), each = 3),
  community = rep(c("Platform", "Design", "Security"), each = 3),
  practice = rep(c("Show and tell", "Mentoring", "Book club"), each = 3),
  dimension = rep(targets, 3),
  verdict = c("not supported", "not supported", "not supported",
              "not supported", "supported", "not supported",
              "pre-trend", "not supported", "not supported"),
  stringsAsFactors = FALSE)
# "strict" also asks that Security's engagement DiD itself has q < 0.05, so that the pre-trend rule
# visibly overrides what would otherwise be "supported" (the order of the verdict rules is exercised).
story_holds <- function(adoption, strict = TRUE) {
  ok <- nrow(adoption) == nrow(planned) &&
    all(adoption[, c("wave", "community", "practice", "dimension", "verdict")] == planned)
  if (ok && strict) ok <- adoption$q[adoption$community == "Security" & adoption$dimension == "engagement"] < 0.05
  ok
}

# ---- power mode: Rscript make_reference.R --seeds 1:200 ------------------------------
args <- commandArgs(trailingOnly = TRUE)
if (length(args) == 2 && args[1] == "--seeds") {
  seeds <- eval(parse(text = args[2]))
  core <- logical(length(seeds)); strict <- logical(length(seeds)); clean <- logical(length(seeds)); why <- character(length(seeds))
  est <- matrix(NA_real_, length(seeds), 6,
                dimnames = list(NULL, c("design_learning", "design_learning_se", "security_engagement",
                                        "security_engagement_se", "security_engagement_pre",
                                        "security_engagement_pre_se")))
  for (i in seq_along(seeds)) {
    a <- analyse(generate(seeds[i]))$adoption
    x <- a[a$community == "Design" & a$wave == "w3" & a$dimension == "learning", ]
    y <- a[a$community == "Security" & a$wave == "w4" & a$dimension == "engagement", ]
    if (nrow(x) == 1) est[i, 1:2] <- c(x$difference, x$se)
    if (nrow(y) == 1) est[i, 3:6] <- c(y$difference, y$se, y$pre_difference, y$pre_se)
    verdict_of <- function(c, dm) { v <- a$verdict[a$community == c & a$dimension == dm]; if (length(v) == 1) v else "?" }
    events_ok <- nrow(a) == nrow(planned) && all(a[, c("wave", "community", "practice", "dimension")] ==
                                                   planned[, c("wave", "community", "practice", "dimension")])
    # the brief's three checks: Design learning supported, Platform not supported, Security engagement pre-trend
    core[i] <- events_ok && verdict_of("Design", "learning") == "supported" &&
      all(a$verdict[a$community == "Platform"] == "not supported") &&
      verdict_of("Security", "engagement") == "pre-trend"
    clean[i] <- story_holds(a, strict = FALSE)
    strict[i] <- story_holds(a, strict = TRUE)
    if (!clean[i]) {
      extra <- unique(paste(a$community, a$practice, a$wave_before, a$wave)[
        !paste(a$community, a$wave) %in% paste(planned$community, planned$wave)])
      off <- merge(a[, c("community", "wave", "dimension", "verdict")], planned,
                   by = c("community", "wave", "dimension"), suffixes = c("", "_planned"))
      off <- off[off$verdict != off$verdict_planned, ]
      why[i] <- paste(c(if (length(extra)) paste("extra event:", paste(extra, collapse = "; ")),
                        if (!events_ok && !length(extra)) "a planned event is missing",
                        if (nrow(off)) paste0(off$community, " ", off$dimension, ": ", off$verdict,
                                              " (planned ", off$verdict_planned, ")")), collapse = "; ")
    }
  }
  cat(sprintf("the brief's three checks (and exactly the three planned events) hold for %d of %d seeds (%.1f%%)\n",
              sum(core), length(seeds), 100 * mean(core)))
  cat(sprintf("all nine planned verdicts hold for %d of %d seeds (%.1f%%)\n",
              sum(clean), length(seeds), 100 * mean(clean)))
  cat(sprintf("all nine, and Security engagement's own q < 0.05 (strict), hold for %d of %d seeds (%.1f%%)\n",
              sum(strict), length(seeds), 100 * mean(strict)))
  cat("first seeds where all nine hold:", head(seeds[clean], 10), "\n")
  cat("first seeds where the strict story holds:", head(seeds[strict], 10), "\n")
  cat("estimates over the seeds (mean, sd across seeds; for the se columns: mean se):\n")
  print(round(rbind(mean = colMeans(est, na.rm = TRUE), sd = apply(est, 2, sd, na.rm = TRUE)), 2))
  cat(sprintf("correlation across seeds of Security engagement's difference and pre_difference: %.2f\n",
              cor(est[, 3], est[, 5], use = "complete.obs")))
  tab <- table(unlist(strsplit(why[!clean], "; ")))
  print(sort(tab, decreasing = TRUE))
  for (i in which(!clean)[seq_len(min(10, sum(!clean)))]) cat(sprintf("seed %d: %s\n", seeds[i], why[i]))
  quit(save = "no")
}

# ---- write the fixture ---------------------------------------------------------------
d <- generate(seed)

labels <- c("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
json <- c(
  "{",
  "  \"id\": \"adoption\",",
  "  \"title\": \"Practice adoption (simulated, seeded)\",",
  "  \"groupBy\": \"community\",",
  "  \"period\": { \"column\": \"wave\" },",
  paste0("  \"waves\": [", paste(json_str(waves), collapse = ", "), "],"),
  "  \"minimumGroupSize\": 5,",
  "  \"outcome\": \"O1\",",
  paste0("  \"scales\": { \"agree5\": { \"min\": 1, \"max\": 5, \"favorableFrom\": 4, \"labels\": [",
         paste(json_str(labels), collapse = ", "), "] } },"),
  "  \"dimensions\": [",
  paste0("    { \"id\": ", json_str(dims), ", \"title\": ", json_str(dim_titles[dims]), " }",
         c(rep(",", length(dims) - 1), "")),
  "  ],",
  "  \"questions\": [",
  paste0("    { \"id\": ", json_str(items), ", \"text\": ", json_str(item_text[items]),
         ", \"scale\": \"agree5\", \"dimension\": ", json_str(item_dim[items]),
         ", \"reverse\": ", ifelse(item_rev[items], "true", "false"), " },"),
  paste0("    { \"id\": \"O1\", \"text\": ", json_str(outcome_text), ", \"scale\": \"agree5\" },"),
  paste0("    { \"id\": \"P1\", \"text\": \"Which of these did your community do?\", \"type\": \"choices\", ",
         "\"practices\": true, \"options\": [", paste(json_str(options), collapse = ", "), "] }"),
  "  ]",
  "}"
)
con <- file("survey.json", open = "wb"); writeLines(enc2utf8(json), con, sep = "\n"); close(con)

resp <- d
for (it in c(items, "O1")) resp[[it]] <- ifelse(is.na(d[[it]]), "", as.character(d[[it]]))
stopifnot(!anyDuplicated(resp$respondent), all(!is.na(d[, items])), all(unlist(d[, items]) %in% 1:5))
dir.create("responses", showWarnings = FALSE)
write_csv(resp[, c("respondent", "wave", "community", items, "O1", "P1")], file.path("responses", "adoption.csv"))

# analyse what was written (read back as text, so the reference is computed from the CSV itself)
back <- read.csv(file.path("responses", "adoption.csv"), colClasses = "character", na.strings = character(0))
back$O1[back$O1 == ""] <- NA
res <- analyse(back)
write_csv(res$shares, "expected-shares.csv")

adoption <- res$adoption
out <- adoption[, c("wave_before", "wave", "community", "question", "practice", "share_before", "share",
                    "dimension", "difference", "ci_low", "ci_high", "p", "q", "pre_difference", "pre_p",
                    "comparison_communities", "verdict", "se", "pre_se")]
for (col in c("share_before", "share", "difference", "ci_low", "ci_high", "p", "q", "pre_difference",
              "pre_p", "comparison_communities", "se", "pre_se")) out[[col]] <- num(out[[col]])
write_csv(out, "expected-adoption.csv")

# ---- report --------------------------------------------------------------------------
cat(sprintf("seed %d: %d rows; O1 empty in %d rows, P1 empty in %d rows\n", seed, nrow(back),
            sum(is.na(back$O1)), sum(back$P1 == "")))
print(table(back$community, back$wave))
cat(sprintf("closed form vs lm: max |difference| over estimate, se, p, CI = %.3g\n", res$gap))
cat("\nshares (%) by community and wave:\n")
for (o in options) {
  cat(o, "\n"); print(round(t(res$share[, , o]), 1))
}
cat("\ncomparison communities per event:\n")
print(unique(adoption[, c("wave_before", "wave", "community", "practice", "comparison_names")]), row.names = FALSE)
show <- adoption[, c("wave_before", "wave", "community", "practice", "dimension", "difference", "p", "q",
                     "pre_difference", "pre_p", "verdict")]
for (col in c("difference", "pre_difference")) show[[col]] <- sprintf("%.2f", show[[col]])
for (col in c("p", "q", "pre_p")) show[[col]] <- ifelse(is.na(show[[col]]), "", sprintf("%.3g", show[[col]]))
show$pre_difference[show$pre_difference == "NA"] <- ""
cat("\n"); print(show, row.names = FALSE, right = FALSE)
if (!story_holds(adoption)) stop("the planted story did not come out with this seed")
cat("\nthe planted story holds\n")
cat(R.version.string, "\n")
