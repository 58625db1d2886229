package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// Article is a priced item of a company's catalog.
type Article struct {
	CompanyID     uuid.UUID
	ArticleID     int64
	ArticleTypeID int64
	Name          string
	UnitPrice     int64 // minor units, VAT included
	VATRateBP     int64 // basis points: 2500 = 25 %
	Currency      string
}

// PutArticle inserts or replaces an article.
func (db *DB) PutArticle(ctx context.Context, a Article) error {
	_, err := db.exec(ctx, `INSERT INTO articles (company_id, article_id, article_type_id, name, unit_price, vat_rate_bp, currency)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (company_id, article_id, article_type_id) DO UPDATE SET
			name = excluded.name, unit_price = excluded.unit_price, vat_rate_bp = excluded.vat_rate_bp, currency = excluded.currency`,
		a.CompanyID.String(), a.ArticleID, a.ArticleTypeID, a.Name, a.UnitPrice, a.VATRateBP, strings.ToUpper(a.Currency))
	if err != nil {
		return fmt.Errorf("store: put article %d/%d: %w", a.ArticleID, a.ArticleTypeID, err)
	}
	return nil
}

// Article returns one article of a company, or ErrNotFound.
func (db *DB) Article(ctx context.Context, company uuid.UUID, articleID, typeID int64) (Article, error) {
	a := Article{CompanyID: company, ArticleID: articleID, ArticleTypeID: typeID}
	err := db.conn.QueryRowContext(ctx, `SELECT name, unit_price, vat_rate_bp, currency FROM articles
		WHERE company_id = ? AND article_id = ? AND article_type_id = ?`, company.String(), articleID, typeID).
		Scan(&a.Name, &a.UnitPrice, &a.VATRateBP, &a.Currency)
	if errors.Is(err, sql.ErrNoRows) {
		return Article{}, ErrNotFound
	}
	if err != nil {
		return Article{}, fmt.Errorf("store: article %d/%d: %w", articleID, typeID, err)
	}
	return a, nil
}

// Articles lists a company's catalog.
func (db *DB) Articles(ctx context.Context, company uuid.UUID) ([]Article, error) {
	rows, err := db.conn.QueryContext(ctx, `SELECT article_id, article_type_id, name, unit_price, vat_rate_bp, currency
		FROM articles WHERE company_id = ? ORDER BY article_type_id, article_id`, company.String())
	if err != nil {
		return nil, fmt.Errorf("store: articles: %w", err)
	}
	defer rows.Close()
	var out []Article
	for rows.Next() {
		a := Article{CompanyID: company}
		if err := rows.Scan(&a.ArticleID, &a.ArticleTypeID, &a.Name, &a.UnitPrice, &a.VATRateBP, &a.Currency); err != nil {
			return nil, fmt.Errorf("store: articles: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
